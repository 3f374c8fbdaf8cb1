"""The app's widgets: tree, table, detail pane, filter bar, header and status line."""
