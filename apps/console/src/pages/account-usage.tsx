import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Box, Button, MenuItem, TextField, Typography } from '@mui/material';
import { useApi } from '../components/actions';
import { Section } from '../components/section';
import { SimpleTable } from '../components/simple-table';

interface Counters {
  produced_messages: number;
  produced_bytes: number;
  consumed_messages: number;
  consumed_bytes: number;
  requests_2xx: number;
  requests_4xx: number;
  requests_429: number;
  requests_5xx: number;
}
interface Usage {
  granularity: string;
  from: string;
  to: string;
  rows: Array<Counters & { time: string; station: string; region_id: string }>;
  totals: Counters;
  stations: Record<string, Counters>;
  quota: unknown;
}

const label = (g: string, iso: string) => {
  const d = new Date(iso);
  return g === 'day' ? d.toISOString().slice(0, 10) : d.toISOString().slice(g === 'hour' ? 5 : 11, 16).replace('T', ' ');
};

/** Usage from metering (GET /admin/accounts/:id/usage): messages over time, and per station. */
export function AccountUsage({ accountId }: { accountId: number }) {
  const [granularity, setGranularity] = useState('minute');
  const [station, setStation] = useState('');
  const query = `granularity=${granularity}${station ? `&station=${encodeURIComponent(station)}` : ''}`;
  const { data, refetch, isFetching } = useApi<Usage>(`/admin/accounts/${accountId}/usage?${query}`, { refetchInterval: 15_000 });
  const overTime = useMemo(() => {
    const byTime = new Map<string, { time: string; produced: number; consumed: number }>();
    for (const r of data?.rows ?? []) {
      const t = byTime.get(r.time) ?? { time: r.time, produced: 0, consumed: 0 };
      t.produced += r.produced_messages;
      t.consumed += r.consumed_messages;
      byTime.set(r.time, t);
    }
    return [...byTime.values()].sort((a, b) => a.time.localeCompare(b.time)).map((t) => ({ ...t, label: label(granularity, t.time) }));
  }, [data, granularity]);
  const perStation = Object.entries(data?.stations ?? {}).map(([name, c]) => ({ station: name || '(none)', produced: c.produced_messages, consumed: c.consumed_messages, bytes: c.produced_bytes }));

  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
        <TextField select size="small" label="Granularity" value={granularity} onChange={(e) => setGranularity(e.target.value)} sx={{ minWidth: 160 }}>
          <MenuItem value="minute">Per minute (last hour)</MenuItem>
          <MenuItem value="hour">Per hour (last day)</MenuItem>
          <MenuItem value="day">Per day (last 31 days)</MenuItem>
        </TextField>
        <TextField size="small" label="Station (empty: all)" value={station} onChange={(e) => setStation(e.target.value.trim())} />
        <Button onClick={() => refetch()} disabled={isFetching}>
          Refresh usage
        </Button>
      </Box>
      {data && (
        <>
          <Typography variant="body2" data-testid="usage-totals">
            Produced {data.totals.produced_messages} messages ({data.totals.produced_bytes} bytes), consumed {data.totals.consumed_messages} messages ({data.totals.consumed_bytes} bytes); requests 2xx {data.totals.requests_2xx}, 4xx {data.totals.requests_4xx}, 429 {data.totals.requests_429}, 5xx {data.totals.requests_5xx}.
          </Typography>
          <Section title="Messages over time">
            <Box role="img" aria-label={`Chart: messages produced and consumed per ${granularity}, ${overTime.length} buckets`} sx={{ height: 260 }} data-testid="usage-chart">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={overTime} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Line type="monotone" dataKey="produced" name="Produced" stroke="#1565c0" dot isAnimationActive={false} />
                  <Line type="monotone" dataKey="consumed" name="Consumed" stroke="#2e7d32" dot isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </Box>
          </Section>
          <Section title="Messages per station">
            <Box role="img" aria-label={`Chart: messages per station, ${perStation.length} stations`} sx={{ height: 240 }} data-testid="usage-station-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={perStation} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="station" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="produced" name="Produced" fill="#1565c0" isAnimationActive={false} />
                  <Bar dataKey="consumed" name="Consumed" fill="#2e7d32" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </Box>
            <SimpleTable
              caption="Usage per station"
              rows={perStation}
              rowKey={(s) => s.station}
              empty="No usage in this range yet (gateways report every 10 s)."
              columns={[
                { label: 'Station', render: (s) => s.station },
                { label: 'Produced messages', render: (s) => s.produced },
                { label: 'Produced bytes', render: (s) => s.bytes },
                { label: 'Consumed messages', render: (s) => s.consumed },
              ]}
            />
          </Section>
        </>
      )}
    </Box>
  );
}
