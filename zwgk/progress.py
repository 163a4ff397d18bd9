"""A terminal progress display for a crawl (rich), fed by Scrapy signals."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


class CrawlProgress:
    """Counts pages fetched and documents stored while a crawl runs; silent when disabled
    (``--json``) or when the terminal is not interactive."""

    def __init__(self, console: Console, *, enabled: bool = True) -> None:
        self.enabled = enabled and console.is_terminal
        self.pages = 0
        self.documents = 0
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]抓取中[/] 页面 {task.fields[pages]} · 文档 {task.fields[docs]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> CrawlProgress:
        if self.enabled:
            self.progress.start()
            self.task = self.progress.add_task("crawl", total=None, pages=0, docs=0)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.enabled:
            self.progress.stop()

    def advance(self, kind: str, count: int) -> None:
        if kind == "page":
            self.pages += count
        elif kind == "DocumentItem":
            self.documents += count
        if self.task is not None:
            self.progress.update(self.task, pages=self.pages, docs=self.documents)
