import { useState } from 'react';
import { useGetList } from 'react-admin';
import { Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField, Tooltip } from '@mui/material';
import { api, enc } from '../api/http';
import { ConfirmButton, useAction, useApi } from '../components/actions';
import { Section } from '../components/section';
import { SimpleTable } from '../components/simple-table';

export interface Station {
  id: string;
  region_id: string;
  name: string;
  status: 'provisioning' | 'active' | 'failed' | 'deleting' | 'deleted';
  partitions: number;
  retention_ms: number | null;
  retention_bytes: number | null;
  max_message_bytes: number | null;
  schema_id: string | null;
  version: number;
  last_error: string | null;
}
interface Schema {
  id: string;
  name: string;
}

const STATUS_COLOR: Record<Station['status'], 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  provisioning: 'info',
  active: 'success',
  failed: 'error',
  deleting: 'warning',
  deleted: 'default',
};
const TRANSITIONAL = new Set(['provisioning', 'deleting']);
const orDefault = (v: number | null) => (v === null ? 'broker default' : v === -1 ? 'unlimited' : String(v));
const numOrNull = (v: string) => (v.trim() === '' ? null : Number(v));

/** An account's stations per region, with live status (polled every 2 s while one is changing). */
export function AccountStations({ accountId, regions }: { accountId: number; regions: string[] }) {
  const base = `/admin/accounts/${accountId}/stations`;
  const { data: stations = [], refetch } = useApi<Station[]>(base, {
    refetchInterval: (q) => ((q.state.data as Station[] | undefined)?.some((s) => TRANSITIONAL.has(s.status)) ? 2_000 : 15_000),
  });
  const { data: schemas = [] } = useApi<Schema[]>(`/admin/accounts/${accountId}/schemas`);
  const { data: allRegions = [] } = useGetList('regions', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'id', order: 'ASC' } });
  const { run, busy } = useAction();
  const [regionFilter, setRegionFilter] = useState('');
  const [showDeleted, setShowDeleted] = useState(false);
  const [form, setForm] = useState({ region_id: regions[0] ?? '', name: '', partitions: '1', retention_ms: '', retention_bytes: '', max_message_bytes: '', schema_id: '' });
  const [editing, setEditing] = useState<Station | null>(null);
  const [attach, setAttach] = useState<Record<string, string>>({});

  const stationPath = (s: Station) => `${base}/${enc(s.region_id)}/${enc(s.name)}`;
  const schemaName = (id: string | null) => (id ? (schemas.find((x) => x.id === id)?.name ?? id) : '-');
  const shown = stations.filter((s) => (showDeleted || s.status !== 'deleted') && (!regionFilter || s.region_id === regionFilter));
  const byRegion = [...new Set(shown.map((s) => s.region_id))].sort();

  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
        <TextField select label="Region" size="small" value={regionFilter} onChange={(e) => setRegionFilter(e.target.value)} sx={{ minWidth: 220 }}>
          <MenuItem value="">All regions</MenuItem>
          {allRegions.map((r) => (
            <MenuItem key={r.id} value={String(r.id)}>
              {r.id}
            </MenuItem>
          ))}
        </TextField>
        <Button size="small" onClick={() => setShowDeleted(!showDeleted)} aria-pressed={showDeleted}>
          {showDeleted ? 'Hide deleted' : 'Show deleted'}
        </Button>
      </Box>
      {byRegion.length === 0 && <p>No station{regionFilter ? ` in ${regionFilter}` : ''}.</p>}
      {byRegion.map((region) => (
        <Section key={region} title={`Stations in ${region}`} id={`stations-${region}`}>
          <SimpleTable
            caption={`Stations in ${region}`}
            rows={shown.filter((s) => s.region_id === region)}
            rowKey={(s) => s.id}
            empty="None."
            columns={[
              { label: 'Name', render: (s) => s.name },
              {
                label: 'Status',
                render: (s) => (
                  <Tooltip title={s.last_error ?? ''}>
                    <Chip size="small" label={s.status} color={STATUS_COLOR[s.status]} data-testid={`status-${s.region_id}-${s.name}`} />
                  </Tooltip>
                ),
              },
              { label: 'Partitions', render: (s) => s.partitions },
              { label: 'Retention (ms)', render: (s) => orDefault(s.retention_ms) },
              { label: 'Retention (bytes)', render: (s) => orDefault(s.retention_bytes) },
              { label: 'Size limit (bytes)', render: (s) => orDefault(s.max_message_bytes) },
              { label: 'Schema', render: (s) => schemaName(s.schema_id) },
              {
                label: 'Actions',
                render: (s) =>
                  s.status === 'deleted' || s.status === 'deleting' ? null : (
                    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                      <Button size="small" onClick={() => setEditing(s)} aria-label={`Edit station ${s.name}`}>
                        Edit
                      </Button>
                      {s.schema_id ? (
                        <ConfirmButton
                          label="Detach schema"
                          aria-label={`Detach schema of ${s.name}`}
                          title={`Detach the schema from ${s.name}?`}
                          content="Gateways stop validating the station's messages."
                          onConfirm={() => run(() => api('DELETE', `${stationPath(s)}/schema`), `Schema detached from ${s.name}`, refetch)}
                        />
                      ) : (
                        schemas.length > 0 && (
                          <>
                            <TextField
                              select
                              size="small"
                              label={`Schema for ${s.name}`}
                              value={attach[s.id] ?? ''}
                              onChange={(e) => setAttach({ ...attach, [s.id]: e.target.value })}
                              sx={{ minWidth: 160 }}
                            >
                              {schemas.map((x) => (
                                <MenuItem key={x.id} value={x.id}>
                                  {x.name}
                                </MenuItem>
                              ))}
                            </TextField>
                            <Button
                              size="small"
                              disabled={!attach[s.id] || busy}
                              aria-label={`Attach the schema to ${s.name}`}
                              onClick={() => run(() => api('PUT', `${stationPath(s)}/schema`, { schema_id: attach[s.id] }), `Schema attached to ${s.name}`, refetch)}
                            >
                              Attach
                            </Button>
                          </>
                        )
                      )}
                      <ConfirmButton
                        label="Delete"
                        aria-label={`Delete station ${s.name}`}
                        title={`Delete station ${s.name} in ${s.region_id}?`}
                        content="Its topic and every message in it are deleted; gateways refuse the station at once. This cannot be undone."
                        onConfirm={() => run(() => api('DELETE', stationPath(s)), `Station ${s.name} is being deleted`, refetch)}
                      />
                    </Box>
                  ),
              },
            ]}
          />
        </Section>
      ))}
      <Section title="Create station">
        <Box
          component="form"
          sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}
          onSubmit={async (e) => {
            e.preventDefault();
            const body = {
              region_id: form.region_id,
              name: form.name,
              partitions: Number(form.partitions),
              retention_ms: numOrNull(form.retention_ms) ?? undefined,
              retention_bytes: numOrNull(form.retention_bytes) ?? undefined,
              max_message_bytes: numOrNull(form.max_message_bytes) ?? undefined,
              schema_id: form.schema_id || undefined,
            };
            if (await run(() => api('POST', base, body), `Station ${form.name} created: provisioning`, refetch)) setForm({ ...form, name: '' });
          }}
        >
          <TextField select label="Region" size="small" required value={form.region_id} onChange={(e) => setForm({ ...form, region_id: e.target.value })} sx={{ minWidth: 200 }}>
            {allRegions.map((r) => (
              <MenuItem key={r.id} value={String(r.id)}>
                {r.id}
              </MenuItem>
            ))}
          </TextField>
          <TextField label="Station name" size="small" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <TextField label="Partitions" size="small" type="number" value={form.partitions} onChange={(e) => setForm({ ...form, partitions: e.target.value })} slotProps={{ htmlInput: { min: 1 } }} />
          <TextField label="Retention (ms)" size="small" type="number" placeholder="broker default" value={form.retention_ms} onChange={(e) => setForm({ ...form, retention_ms: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField label="Retention (bytes)" size="small" type="number" placeholder="broker default" value={form.retention_bytes} onChange={(e) => setForm({ ...form, retention_bytes: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField label="Size limit (bytes)" size="small" type="number" placeholder="broker default" value={form.max_message_bytes} onChange={(e) => setForm({ ...form, max_message_bytes: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField select label="Schema" size="small" value={form.schema_id} onChange={(e) => setForm({ ...form, schema_id: e.target.value })} sx={{ minWidth: 160 }}>
            <MenuItem value="">None</MenuItem>
            {schemas.map((x) => (
              <MenuItem key={x.id} value={x.id}>
                {x.name}
              </MenuItem>
            ))}
          </TextField>
          <Button type="submit" variant="contained" disabled={busy}>
            Create station
          </Button>
        </Box>
      </Section>
      {editing && <EditStation station={editing} path={stationPath(editing)} onClose={() => setEditing(null)} onSaved={refetch} />}
    </Box>
  );
}

function EditStation({ station, path, onClose, onSaved }: { station: Station; path: string; onClose: () => void; onSaved: () => unknown }) {
  const str = (v: number | null) => (v === null ? '' : String(v));
  const [v, setV] = useState({ partitions: String(station.partitions), retention_ms: str(station.retention_ms), retention_bytes: str(station.retention_bytes), max_message_bytes: str(station.max_message_bytes) });
  const { run, busy } = useAction();
  return (
    <Dialog open onClose={onClose} aria-labelledby="edit-station-title">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          // Only what changed: an unchanged field is not sent (PATCH semantics).
          const next = { partitions: Number(v.partitions), retention_ms: numOrNull(v.retention_ms), retention_bytes: numOrNull(v.retention_bytes), max_message_bytes: numOrNull(v.max_message_bytes) };
          const body = Object.fromEntries(Object.entries(next).filter(([k, value]) => station[k as keyof typeof next] !== value));
          if (await run(() => api('PATCH', path, body), `Station ${station.name} updated`, onSaved)) onClose();
        }}
      >
        <DialogTitle id="edit-station-title">
          Station {station.name} in {station.region_id}
        </DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <TextField label="Partitions (only grow)" type="number" value={v.partitions} onChange={(e) => setV({ ...v, partitions: e.target.value })} />
          <TextField label="Retention (ms; empty: broker default, -1: unlimited)" type="number" value={v.retention_ms} onChange={(e) => setV({ ...v, retention_ms: e.target.value })} />
          <TextField label="Retention (bytes; empty: broker default, -1: unlimited)" type="number" value={v.retention_bytes} onChange={(e) => setV({ ...v, retention_bytes: e.target.value })} />
          <TextField label="Size limit per message (bytes; empty: broker default)" type="number" value={v.max_message_bytes} onChange={(e) => setV({ ...v, max_message_bytes: e.target.value })} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            Save station
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
