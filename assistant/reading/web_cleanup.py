"""Web-page chrome in scraped reports: which whole lines are navigation, widgets, bylines, trailers.

A line is only ever dropped, never edited; a line that may be report content (a sentence, a
heading, anything long) always stays.
"""

from __future__ import annotations

import re

from assistant.reading.extraction import SENTENCE_PUNCT
from assistant.reading.headings import HEADING

_ARROWS = (">", "›", "»")  # breadcrumb separators, each on a line of its own

# Widgets, navigation: `下载` `打印` `收藏` `分享到:` `关闭窗口` `首页` `>` `【字号：大 中 小】`
CHROME_LINE = re.compile(
    r"下载|打印|全屏|收藏|分享(?:到)?\s*[：:]?|分享到微信|打印本页|关闭窗口|扫一扫在手机打开当前页"
    r"|首页|[|×>›»【】]|(?:您的|当前)位置\s*[：:]|》》点击图片进入专题《《|【字[号体]\s*[：:].{0,12}】"
)
# A font-size widget over several lines, up to the one ending in `】`: `【字号：` `加大` `减小` `】`
FONT_WIDGET = re.compile(r"【字[号体]\s*[：:]")
# Source, time, editor: `来源：解放日报` `（来源：青海日报）` `时间：2026-02-09` `编辑：何继红`
META_LINE = re.compile(
    r"[（(]?(?:来源|(?:发表|发布)?时间|(?:责任)?编辑|阅读量|浏览次数|原标题)\s*[：:].{0,30}"
)
# The same label with its value on the next line: `来源:` then `四川日报`
META_LABEL = re.compile(r"(?:来源|(?:发表|发布)?时间|(?:责任)?编辑|阅读量|浏览次数)\s*[：:]")
# A bare timestamp: `2026-02-03 09:02:33`, `2026年02月10日 07时41分`
TIMESTAMP = re.compile(r"\d{4}[-/年]\d\d?[-/月]\d\d?日?\s*\d\d?[:：时]\d\d(?:[:：分]\d\d秒?|分)?")
# Photo captions: `殷勇同志作政府工作报告。本报记者 戴冰摄`, `…政府工作报告。甘肃日报记者 盛学卿`
PHOTO_CAPTION = re.compile(r".{0,80}记者.{0,15}摄[）)]?|.{0,60}政府工作报告。.{0,25}记者.{0,10}")
# A comment left by an HTML-to-text converter: `<!-- 陈吉宁同志作政府工作报告。 -->`
HTML_COMMENT = re.compile(r"<!--.*-->")
# A web page's trailer, dropped with all that follows: `相关报道：` `相关文档：` `相关附件>>`
TRAILER = re.compile(r"相关(?:报道|文档|附件|链接|阅读|新闻)\s*(?:[：:]|>>)?")


def chrome_mask(lines: list[str]) -> list[bool]:
    """Which lines to keep: web-page chrome goes, report content always stays."""
    end = _trailer_start(lines)
    keep = [i < end for i in range(len(lines))]
    for i, line in enumerate(lines[:end]):  # breadcrumbs: `首页` `>` `云南要闻`
        for j in (i - 1, i + 1) if line in _ARROWS else ():
            if 0 <= j < end and _is_label(lines[j]):
                keep[j] = False
    widget = 0  # lines left inside a font-size widget
    for i, line in enumerate(lines[:end]):
        if widget:
            widget, keep[i] = (0 if line.endswith("】") else widget - 1), False
        elif FONT_WIDGET.match(line) and not line.endswith("】"):
            widget, keep[i] = 8, False
        elif _is_chrome(line) or (i and not keep[i - 1] and line == lines[i - 1]):
            keep[i] = False
            if META_LABEL.fullmatch(line) and i + 1 < end and _is_label(lines[i + 1]):
                keep[i + 1] = False
    return keep


def _trailer_start(lines: list[str]) -> int:
    """Where a trailer (`相关报道：` …) begins, looked for in the second half only."""
    half = len(lines) // 2
    return next((i for i in range(half, len(lines)) if TRAILER.fullmatch(lines[i])), len(lines))


def _is_chrome(line: str) -> bool:
    patterns = (CHROME_LINE, META_LINE, TIMESTAMP, PHOTO_CAPTION, HTML_COMMENT)
    return len(line) < 120 and any(pattern.fullmatch(line) for pattern in patterns)


def _is_label(line: str) -> bool:
    """A short value or menu item, never a sentence: `四川日报`, `李莎莎`, `政务信息`."""
    return len(line) <= 15 and not SENTENCE_PUNCT.search(line) and not HEADING.match(line)
