import { useEffect, useState } from 'react';
import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { api, enc } from '../api/http';
import { ConfirmButton, useAction, useApi } from '../components/actions';

type Counts = Record<string, number | null>;
interface Limits {
  limits: Counts;
  quotas: { monthly_messages: number | null; monthly_bytes: number | null; warning_percent: number | null };
  stations: Record<string, Counts>;
  quota_status: unknown;
}

const RATE_FIELDS: Array<[string, string]> = [
  ['produce_messages_per_second', 'Produce messages per second'],
  ['produce_bytes_per_second', 'Produce bytes per second'],
  ['consume_messages_per_second', 'Consume messages per second'],
  ['requests_per_second', 'Requests per second'],
  ['concurrent_consumes', 'Concurrent consumes'],
];
const QUOTA_FIELDS: Array<[string, string, keyof Limits['quotas']]> = [
  ['monthly_messages_quota', 'Monthly messages quota', 'monthly_messages'],
  ['monthly_bytes_quota', 'Monthly bytes quota', 'monthly_bytes'],
  ['quota_warning_percent', 'Quota warning at (%)', 'warning_percent'],
];

interface QuotaUse {
  quota: number;
  used: number;
  percent: number | null;
}
const quotaText = (q: unknown) => {
  if (!q || typeof q !== 'object') return 'no quota set';
  const o = q as { state: string; monthly_messages: QuotaUse | null; monthly_bytes: QuotaUse | null };
  const use = (name: string, u: QuotaUse | null) => (u ? `; ${u.used} of ${u.quota} ${name}` : '');
  return `${o.state}${use('messages', o.monthly_messages)}${use('bytes', o.monthly_bytes)}`;
};

/** The account's rate limits and monthly quotas (PATCH /admin/accounts/:id/limits; empty = not set) and its station overrides. */
export function AccountLimits({ accountId }: { accountId: number }) {
  const path = `/admin/accounts/${accountId}/limits`;
  const { data, refetch } = useApi<Limits>(path);
  const [values, setValues] = useState<Record<string, string>>({});
  const { run, busy } = useAction();
  useEffect(() => {
    if (!data) return;
    const v: Record<string, string> = {};
    for (const [f] of RATE_FIELDS) v[f] = data.limits[f] == null ? '' : String(data.limits[f]);
    for (const [f, , q] of QUOTA_FIELDS) v[f] = data.quotas[q] == null ? '' : String(data.quotas[q]);
    setValues(v);
  }, [data]);
  if (!data) return null;
  const field = ([name, label]: [string, string, ...unknown[]]) => (
    <TextField
      key={name}
      label={label}
      size="small"
      type="number"
      placeholder="not set"
      value={values[name] ?? ''}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      slotProps={{ htmlInput: { min: 0 }, inputLabel: { shrink: true } }}
      sx={{ width: 260 }}
    />
  );
  const save = () => {
    const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? null : Number(v)]));
    return run(() => api('PATCH', path, body), 'Limits saved', refetch);
  };
  const overrides = Object.entries(data.stations ?? {});
  return (
    <Box>
      <Box component="form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Typography variant="subtitle2" component="h3">Rate limits (empty: the region's default)</Typography>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', my: 1 }}>{RATE_FIELDS.map(field)}</Box>
        <Typography variant="subtitle2" component="h3">Monthly quotas</Typography>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', my: 1 }}>{QUOTA_FIELDS.map(field)}</Box>
        <Button type="submit" variant="outlined" disabled={busy}>Save limits</Button>
      </Box>
      <Typography variant="body2" sx={{ mt: 1 }}>Quota status this month: {quotaText(data.quota_status)}</Typography>
      {overrides.length > 0 && (
        <Table size="small" aria-label="Station overrides" sx={{ mt: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>Station override</TableCell>
              {RATE_FIELDS.map(([f, label]) => <TableCell key={f}>{label}</TableCell>)}
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {overrides.map(([station, limits]) => (
              <TableRow key={station}>
                <TableCell>{station}</TableCell>
                {RATE_FIELDS.map(([f]) => <TableCell key={f}>{limits[f] ?? '-'}</TableCell>)}
                <TableCell>
                  <ConfirmButton
                    label="Remove"
                    aria-label={`Remove the overrides of station ${station}`}
                    title={`Remove the limits of station ${station}?`}
                    content="The station shares the account's limits again."
                    onConfirm={() => run(() => api('DELETE', `${path}/stations/${enc(station)}`), `Overrides of ${station} removed`, refetch)}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
