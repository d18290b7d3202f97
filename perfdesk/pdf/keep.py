"""Keep the signature block with the end of the form: a stamped page must carry some of the form."""
from __future__ import annotations

from reportlab.platypus import Flowable


class WithTail(Flowable):
    """content followed by tail (the signature block); the tail never goes to a page alone.

    When the content fits a page but not together with the tail, the content is cut so that its
    last rows move to the next page with the tail; when it runs over pages anyway, the tail rides
    with its last part.
    """

    def __init__(self, content: Flowable, tail: Flowable):
        super().__init__()
        self.content, self.tail = content, tail
        self.spaceBefore = content.getSpaceBefore()
        self.spaceAfter = tail.getSpaceAfter()

    def _gap(self) -> float:
        return self.tail.getSpaceBefore()

    def wrap(self, avail_width, avail_height):
        _w, self._content_h = self.content.wrap(avail_width, avail_height)
        _w, self._tail_h = self.tail.wrap(avail_width, avail_height)
        self.width = avail_width
        self.height = self._content_h + self._gap() + self._tail_h
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        if self._content_h <= avail_height:       # fits alone: leave room for the tail
            pieces = self.content.split(avail_width, avail_height - self._gap() - self._tail_h)
            if len(pieces) < 2:
                return []
        else:
            pieces = self.content.split(avail_width, avail_height)
            if not pieces:
                return []
        return list(pieces[:-1]) + [WithTail(pieces[-1], self.tail)]

    def draw(self):
        self.content.drawOn(self.canv, 0, self._tail_h + self._gap())
        self.tail.drawOn(self.canv, 0, 0)


class Stack(Flowable):
    """Flowables drawn one under the other as one block (a short note and the signature block
    riding together with the end of a table)."""

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = parts
        self.spaceBefore = parts[0].getSpaceBefore()
        self.spaceAfter = parts[-1].getSpaceAfter()

    def wrap(self, avail_width, avail_height):
        self._sizes = []
        total = 0.0
        for n, part in enumerate(self.parts):
            _w, h = part.wrap(avail_width, avail_height)
            gap = part.getSpaceBefore() if n else 0.0
            self._sizes.append((gap, h))
            total += gap + h
        self.width, self.height = avail_width, total
        return self.width, self.height

    def draw(self):
        y = self.height
        for part, (gap, h) in zip(self.parts, self._sizes):
            y -= gap + h
            part.drawOn(self.canv, 0, y)
