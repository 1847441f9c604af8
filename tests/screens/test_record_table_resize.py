"""A RecordTable keeps the rows it has drawn when only its height changes (each dashboard
table grows when its rows arrive), and draws them again at a new width."""

from __future__ import annotations

from textual.app import App, ComposeResult

from vp_tui.widgets.record_table import RecordTable


class TableApp(App):
    CSS = "RecordTable { height: 5; width: 26; }"

    def compose(self) -> ComposeResult:
        yield RecordTable([("Code", "code"), ("Naam", "name")], fit="name")


def drawn(table: RecordTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_rows_are_drawn_again_only_for_a_new_width() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 30)) as pilot:
        table = app.query_one(RecordTable)
        table.load([(i, [f"2026-{i:04d}", f"Organisatie {i}"]) for i in range(1, 21)])
        await pilot.pause()
        kept = table._update_count
        table.styles.height = 12
        await pilot.pause()
        assert table.size.height == 12
        assert table._update_count == kept  # the rows drawn at this width still hold
        assert drawn(table)[11].startswith(" 2026-0011  Organisati… ")
        table.styles.width = 50
        await pilot.pause()
        assert table._update_count > kept
        assert drawn(table)[11].startswith(" 2026-0011  Organisatie 11 ")
