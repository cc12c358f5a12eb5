import { ChipField, Show, SimpleShowLayout, TextField, UrlField, useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import { enc } from '../api/http';
import { useApi } from '../components/actions';
import { Section } from '../components/section';
import { SimpleTable } from '../components/simple-table';

interface Instance {
  instance_id: string;
  kind: string;
  version: string;
  url: string | null;
  pid: number;
  host: string;
  started_at: string;
  last_seen: string;
  health: { log: string; state_store: string };
  status: 'up' | 'gone' | 'stopped';
  silent_ms: number;
}

const STATUS_COLOR = { up: 'success', gone: 'error', stopped: 'default' } as const;

/** A region's gateway replicas and region workers as they report themselves (GET /admin/regions/:id/instances), refreshed every 5 s. */
function Instances() {
  const region = useRecordContext<{ id: string }>();
  const { data } = useApi<{ instances: Instance[] }>(region ? `/admin/regions/${enc(region.id)}/instances` : null, { refetchInterval: 5_000 });
  if (!region) return null;
  return (
    <Section title={`Instances of ${region.id}`} id="region-instances">
      <SimpleTable
        caption={`Instances of ${region.id}`}
        rows={data?.instances ?? []}
        rowKey={(i) => i.instance_id}
        empty="No instance has reported yet."
        columns={[
          { label: 'Kind', render: (i) => i.kind },
          { label: 'Status', render: (i) => <Chip size="small" label={i.status} color={STATUS_COLOR[i.status]} /> },
          { label: 'Health', render: (i) => `log ${i.health.log}, state store ${i.health.state_store}` },
          { label: 'URL', render: (i) => i.url ?? '-' },
          { label: 'Host and pid', render: (i) => `${i.host} ${i.pid}` },
          { label: 'Version', render: (i) => i.version },
          { label: 'Started', render: (i) => new Date(i.started_at).toLocaleString() },
          { label: 'Last seen', render: (i) => `${Math.round(i.silent_ms / 1000)} s ago` },
        ]}
      />
    </Section>
  );
}

export function RegionShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="id" label="Region" />
        <ChipField source="status" label="Status" />
        <UrlField source="url" label="URL" />
        <Instances />
      </SimpleShowLayout>
    </Show>
  );
}
