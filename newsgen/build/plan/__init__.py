"""build/plan"""
