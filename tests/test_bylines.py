import pytest

from newsgen.content.model import Contributor as C
from newsgen.newspaper.bylines import credit, format_byline


@pytest.mark.parametrize(
    "byline, dateline, printed",
    [
        ([C("张婷", "记者")], "", "本报记者 张婷"),
        ([C("张婷", "记者"), C("李明", "记者"), C("王五", "通讯员")], "", "本报记者 张婷 李明 通讯员 王五"),
        ([C("简星", "摄")], "", "简星 摄"),
        ([C("袁瑶"), C("马红梅")], "", "袁瑶 马红梅"),
        ([C("张婷", "记者")], "本报讯", "本报讯（记者 张婷）"),
        ([C("张婷", "记者"), C("李四", "通讯员")], "本报讯", "本报讯（记者 张婷 通讯员 李四）"),
        ([], "本报讯", "本报讯"),
        ([C("陈桂良")], "本报讯", "本报讯（陈桂良）"),
        ([C("王芳", "编辑")], "", "编辑 王芳"),
    ],
)
def test_printed_like_the_paper(byline, dateline, printed):
    assert format_byline(byline, dateline) == printed


def test_photo_credit_names_the_photographer():
    assert credit([C("张婷", "记者"), C("简星", "摄")]) == "简星 摄"
    assert credit([C("简星")]) == "简星"
