"""Lines that are page furniture, not the note: newsletter boxes, date stamps, comment and share widgets.

trafilatura drops most boilerplate by structure; these named patterns catch the short lines
that survive it on newsletter-style pages. A line is dropped only when a pattern matches it
*whole*, so a sentence that merely mentions "comments" or a date is never touched.
"""

from __future__ import annotations

import re

__all__ = ["BOILERPLATE_PATTERNS", "is_boilerplate", "drop_boilerplate"]

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|UTC[+-]?\d*)?)?"

#: name -> pattern matched against a whole stripped line (case-insensitive).
BOILERPLATE_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "newsletter_title": r"(?:[\w&.-]+\s){0,3}newsletters?",
        "newsletter_pitch": r".{0,60}\b(?:free to your inbox|straight to your inbox|delivered to your inbox|"
        r"sign up (?:for|to) (?:our|the) .{0,40}newsletter|subscribe to (?:our|the) .{0,40}newsletter)\b.{0,40}",
        "subscribe_button": r"(?:subscribe|sign up|sign in|log in|register)(?: now| free| for free| today)?[.!]?",
        "date_only": rf"(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:"
        rf"{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s*\d{{4}}|"
        rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}){_TIME}",
        "comments_header": r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?:?",
        "no_comments": r"(?:no comments yet\.?|be the first to comment\.?|leave a (?:comment|reply)\.?|"
        r"(?:show|view|load) (?:more |all )?comments\.?|join the (?:conversation|discussion)\.?)(?:\s.{0,40})?",
        "share_bar": r"(?:share(?: this(?: article| story| post)?)?(?: on)?:?\s*)?(?:(?:facebook|twitter|x|linkedin|"
        r"email|e-mail|whatsapp|reddit|telegram|copy link|print|pinterest)[\s,|/·]*){1,8}",
        "share_word": r"share(?: this(?: article| story| post)?)?:?",
        "related_header": r"(?:related|recommended|more|popular|trending)(?: for you)?"
        r"(?: articles| stories| posts| news| reads| reading)?:?|(?:you may|you might) also like:?|"
        r"read (?:more|next|also):?",
        "advertisement": r"advertisement|sponsored(?: content)?|ad",
        "cookie_banner": r".{0,80}\b(?:we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies|"
        r"cookie (?:policy|settings|preferences))\b.{0,120}",
        "cookie_buttons": r"(?:accept|reject|decline|manage)(?: all)?(?: cookies)?|got it!?|ok(?:ay)?,? got it",
        "reading_time": r"\d+\s*min(?:ute)?s?\s*read",
        "back_to_top": r"back to top|skip to (?:main )?content|scroll to top",
    }.items()
}
#: Lines longer than this are prose and never dropped, whatever they contain.
MAX_BOILERPLATE_WORDS = 40


def is_boilerplate(line: str) -> str | None:
    """The name of the pattern ``line`` matches whole, or None for a line of the note."""
    text = line.strip().strip("•·|-–— ")
    if not text:
        return "empty"
    if len(text.split()) > MAX_BOILERPLATE_WORDS:
        return None
    for name, pattern in BOILERPLATE_PATTERNS.items():
        if pattern.fullmatch(text):
            return name
    return None


def drop_boilerplate(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Split ``lines`` into kept lines and dropped ``(pattern name, line)`` pairs."""
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for line in lines:
        name = is_boilerplate(line)
        if name is None:
            kept.append(line)
        else:
            dropped.append((name, line))
    return kept, dropped
