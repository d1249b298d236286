"""Which tier of shard files each month's articles go into, and how many
shard files each tier has: what the index is laid out by (index.py), and
what the search page is told (plan/context.py) so that the browser can
ask for a query's files before meta.json has come (search-engine.js)."""

from __future__ import annotations

from collections.abc import Mapping

from newsgen.search import ngram


def tiers_of(months: list[int]) -> dict[str, list[int]]:
    """The blocks' months by tier of shard files: "r" (recent), the newest
    month alone, which a new edition goes into, so that it rewrites that
    tier's small files only; "a" (archive), the others. A query reads both."""
    newest = max(months, default=None)
    tiers = {"a": [m for m in months if m != newest], "r": [m for m in months if m == newest]}
    return {tier: members for tier, members in tiers.items() if members}


def tier_shards(tier: str, articles: int) -> int:
    """A tier's shard count. The newest month's shards are four times as
    dense as the archive's: a query fetches a file of each tier per term,
    and the newest month's share of it is then a quarter as large (about
    1 KB for a 3-gram at 1,000 articles a month); a new edition rewrites
    as many bytes either way, in more, smaller files."""
    return ngram.shard_count(articles * (4 if tier == "r" else 1))


def shard_counts(per_month: Mapping[int, int]) -> dict[str, int]:
    """Each tier's shard count, for so many articles in each month."""
    tiers = tiers_of(sorted(per_month))
    return {tier: tier_shards(tier, sum(per_month[m] for m in members)) for tier, members in tiers.items()}


def described(counts: dict[str, int]) -> list[dict]:
    """The tiers as meta.json and the search page give them to the browser."""
    return [{"name": tier, "shards": n, "placeShards": ngram.place_shards(n)} for tier, n in counts.items()]
