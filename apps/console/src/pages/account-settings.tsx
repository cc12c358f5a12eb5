import { useEffect, useState } from 'react';
import { useGetList, useRefresh } from 'react-admin';
import { Box, Button, FormControlLabel, FormGroup, Switch, TextField } from '@mui/material';
import { api, enc } from '../api/http';
import { ConfirmButton, useAction, useApi } from '../components/actions';

/** One switch per registered region: on = PUT, off (asks first) = DELETE /admin/accounts/:id/regions/:region. */
export function RegionsEnabled({ accountId, enabled }: { accountId: number; enabled: string[] }) {
  const { data: regions = [] } = useGetList('regions', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'id', order: 'ASC' } });
  const refresh = useRefresh();
  const { run, busy } = useAction();
  const path = (region: string) => `/admin/accounts/${accountId}/regions/${enc(region)}`;
  if (!regions.length) return <p>No region is registered yet (Regions page).</p>;
  return (
    <FormGroup>
      {regions.map((r) => {
        const on = enabled.includes(String(r.id));
        return (
          <Box key={r.id} sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <FormControlLabel
              label={`${r.id} (${r.status})`}
              control={<Switch checked={on} disabled={busy || on} onChange={() => run(() => api('PUT', path(String(r.id))), `Enabled in ${r.id}`, refresh)} />}
            />
            {on && (
              <ConfirmButton
                label="Disable"
                aria-label={`Disable the account in ${r.id}`}
                title={`Disable account ${accountId} in ${r.id}?`}
                content="Gateways of that region refuse the account's requests at once."
                onConfirm={() => run(() => api('DELETE', path(String(r.id))), `Disabled in ${r.id}`, refresh)}
              />
            )}
          </Box>
        );
      })}
    </FormGroup>
  );
}

interface Policy {
  auto_create: boolean;
  station_quota: number;
}

/** Implicit creation of stations on first produce/consume, and the quota of live stations. */
export function StationPolicy({ accountId }: { accountId: number }) {
  const path = `/admin/accounts/${accountId}/station-policy`;
  const { data, refetch } = useApi<Policy>(path);
  const [autoCreate, setAutoCreate] = useState(true);
  const [quota, setQuota] = useState('');
  const { run, busy } = useAction();
  useEffect(() => {
    if (data) {
      setAutoCreate(data.auto_create);
      setQuota(String(data.station_quota));
    }
  }, [data]);
  if (!data) return null;
  return (
    <Box component="form" sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }} onSubmit={(e) => {
      e.preventDefault();
      void run(() => api('PUT', path, { auto_create: autoCreate, station_quota: Number(quota) }), 'Station policy saved', refetch);
    }}>
      <FormControlLabel label="Create stations on first use" control={<Switch checked={autoCreate} onChange={(e) => setAutoCreate(e.target.checked)} />} />
      <TextField label="Station quota" type="number" size="small" sx={{ width: 160 }} value={quota} onChange={(e) => setQuota(e.target.value)} slotProps={{ htmlInput: { min: 0 } }} />
      <Button type="submit" variant="outlined" disabled={busy}>
        Save policy
      </Button>
    </Box>
  );
}
