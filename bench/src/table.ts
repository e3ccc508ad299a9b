/** Formats rows as a plain-text table with right-aligned numbers. */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [columns, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[], source: readonly (string | number)[]) =>
    row
      .map((cell, i) =>
        typeof source[i] === 'number' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ');
  const [header = [], ...body] = cells;
  return [
    line(header, columns),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map((row, i) => line(row, rows[i] ?? [])),
  ].join('\n');
}
