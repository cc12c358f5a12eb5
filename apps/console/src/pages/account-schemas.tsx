import { useEffect, useMemo, useState } from 'react';
import { diffLines } from 'diff';
import { Box, Button, MenuItem, Paper, TextField, Typography } from '@mui/material';
import { api, enc } from '../api/http';
import { useAction, useApi } from '../components/actions';
import { Section } from '../components/section';
import { SimpleTable } from '../components/simple-table';

interface SchemaVersion {
  version: number;
  definition: string;
  message_type: string | null;
  created_at: string;
}
interface Schema {
  id: string;
  name: string;
  type: 'json' | 'protobuf';
  versions: SchemaVersion[];
}

/** Pretty-prints JSON definitions so a diff shows changed fields, not one changed line. */
const normalize = (type: string, text: string) => {
  if (type !== 'json') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/** An account's schemas: create, add versions, and two versions side by side with their differences. */
export function AccountSchemas({ accountId }: { accountId: number }) {
  const base = `/admin/accounts/${accountId}/schemas`;
  const { data: schemas = [], refetch } = useApi<Schema[]>(base);
  const { run, busy } = useAction();
  const [selected, setSelected] = useState<string>('');
  const [form, setForm] = useState({ name: '', type: 'json', definition: '', message_type: '' });
  const [nextVersion, setNextVersion] = useState('');
  useEffect(() => {
    if (!selected && schemas.length) setSelected(schemas[0].id);
  }, [schemas, selected]);
  const schema = schemas.find((s) => s.id === selected);

  return (
    <Box>
      <Section title="Schemas">
        <SimpleTable
          caption="Schemas of the account"
          rows={schemas}
          rowKey={(s) => s.id}
          empty="No schema yet."
          columns={[
            { label: 'Name', render: (s) => s.name },
            { label: 'Type', render: (s) => s.type },
            { label: 'Versions', render: (s) => s.versions.length },
            { label: 'Id', render: (s) => <code>{s.id}</code> },
            {
              label: 'Actions',
              render: (s) => (
                <Button size="small" onClick={() => setSelected(s.id)} aria-pressed={s.id === selected} aria-label={`Versions of ${s.name}`}>
                  Versions
                </Button>
              ),
            },
          ]}
        />
      </Section>
      {schema && (
        <Section title={`Versions of ${schema.name}`} id="schema-versions">
          <VersionDiff schema={schema} />
          <Box
            component="form"
            sx={{ mt: 2, display: 'flex', flexDirection: 'column', gap: 1, maxWidth: 720 }}
            onSubmit={async (e) => {
              e.preventDefault();
              const latest = schema.versions[schema.versions.length - 1];
              if (await run(() => api('POST', `${base}/${enc(schema.id)}/versions`, { definition: nextVersion, message_type: latest?.message_type ?? undefined }), `Version added to ${schema.name}`, refetch)) setNextVersion('');
            }}
          >
            <TextField label={`New version of ${schema.name}`} multiline minRows={4} value={nextVersion} onChange={(e) => setNextVersion(e.target.value)} required slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }} />
            <Box>
              <Button type="submit" variant="outlined" disabled={busy}>
                Add version
              </Button>
            </Box>
          </Box>
        </Section>
      )}
      <Section title="Create schema">
        <Box
          component="form"
          sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 720 }}
          onSubmit={async (e) => {
            e.preventDefault();
            const body = { name: form.name, type: form.type, definition: form.definition, message_type: form.type === 'protobuf' ? form.message_type : undefined };
            if (await run(() => api('POST', base, body), `Schema ${form.name} created`, refetch)) setForm({ name: '', type: form.type, definition: '', message_type: '' });
          }}
        >
          <Box sx={{ display: 'flex', gap: 2 }}>
            <TextField label="Schema name" size="small" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            <TextField select label="Type" size="small" value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value })} sx={{ minWidth: 140 }}>
              <MenuItem value="json">JSON Schema</MenuItem>
              <MenuItem value="protobuf">Protobuf</MenuItem>
            </TextField>
            {form.type === 'protobuf' && <TextField label="Message type" size="small" required value={form.message_type} onChange={(e) => setForm({ ...form, message_type: e.target.value })} />}
          </Box>
          <TextField label="Definition" multiline minRows={5} required value={form.definition} onChange={(e) => setForm({ ...form, definition: e.target.value })} slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }} />
          <Box>
            <Button type="submit" variant="contained" disabled={busy}>
              Create schema
            </Button>
          </Box>
        </Box>
      </Section>
    </Box>
  );
}

/** Two versions side by side: lines only in the left one are marked removed, lines only in the right one added. */
function VersionDiff({ schema }: { schema: Schema }) {
  const versions = schema.versions;
  const [left, setLeft] = useState(Math.max(1, versions.length - 1));
  const [right, setRight] = useState(versions.length);
  useEffect(() => {
    setLeft(Math.max(1, versions.length - 1));
    setRight(versions.length);
  }, [schema.id, versions.length]);
  const l = versions.find((v) => v.version === left) ?? versions[0];
  const r = versions.find((v) => v.version === right) ?? versions[versions.length - 1];
  const parts = useMemo(() => diffLines(normalize(schema.type, l.definition), normalize(schema.type, r.definition)), [l, r, schema.type]);
  const pick = (label: string, value: number, set: (v: number) => void) => (
    <TextField select size="small" label={label} value={value} onChange={(e) => set(Number(e.target.value))} sx={{ minWidth: 140 }}>
      {versions.map((v) => (
        <MenuItem key={v.version} value={v.version}>
          Version {v.version}
        </MenuItem>
      ))}
    </TextField>
  );
  const column = (side: 'left' | 'right') => (
    <Paper variant="outlined" component="pre" aria-label={`${side === 'left' ? 'Left' : 'Right'} version`} sx={{ flex: 1, m: 0, p: 1, overflow: 'auto', fontSize: 13, minHeight: 80 }}>
      {parts.map((p, i) => {
        if ((side === 'left' && p.added) || (side === 'right' && p.removed)) return null;
        const changed = p.added || p.removed;
        return (
          <Box
            key={i}
            component={changed ? (p.added ? 'ins' : 'del') : 'span'}
            sx={{ display: 'block', textDecoration: 'none', bgcolor: changed ? (p.added ? '#d7f5dd' : '#fbdcdc') : undefined, color: 'text.primary' }}
          >
            {p.value}
          </Box>
        );
      })}
    </Paper>
  );
  return (
    <Box>
      <Box sx={{ display: 'flex', gap: 2, mb: 1 }}>
        {pick('Left version', left, setLeft)}
        {pick('Right version', right, setRight)}
      </Box>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {parts.some((p) => p.added || p.removed) ? 'Removed lines are marked on the left, added lines on the right.' : 'The two versions are the same.'}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2 }} data-testid="schema-diff">
        {column('left')}
        {column('right')}
      </Box>
    </Box>
  );
}
