import { ReactNode } from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';

export interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
}

/** A plain accessible table (caption for screen readers, header cells) for lists the admin API answers whole. */
export function SimpleTable<T>({ caption, rows, columns, rowKey, empty }: { caption: string; rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; empty: string }) {
  if (!rows.length) return <p>{empty}</p>;
  return (
    <Table size="small" aria-label={caption}>
      <TableHead>
        <TableRow>
          {columns.map((c) => (
            <TableCell key={c.label} component="th" scope="col">
              {c.label}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)}>
            {columns.map((c) => (
              <TableCell key={c.label}>{c.render(row)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
