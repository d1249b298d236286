"""newspaper"""
