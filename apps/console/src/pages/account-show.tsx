import type { ReactElement } from 'react';
import { ChipField, DateField, NumberField, Show, TabbedShowLayout, TextField, TopToolbar, useRecordContext, useRefresh } from 'react-admin';
import { api } from '../api/http';
import { ConfirmButton, useAction } from '../components/actions';
import { Section } from '../components/section';
import { AccountLimits } from './account-limits';
import { RegionsEnabled, StationPolicy } from './account-settings';
import { AccountUsers } from './account-users';
import { AccountStations } from './account-stations';
import { AccountSchemas } from './account-schemas';
import { AccountUsage } from './account-usage';

interface Account {
  id: number;
  name: string;
  status: 'active' | 'suspended';
  regions?: Array<{ regionId: string }>;
}

function SuspendButton() {
  const account = useRecordContext<Account>();
  const refresh = useRefresh();
  const { run } = useAction();
  if (!account) return null;
  const suspended = account.status === 'suspended';
  const action = suspended ? 'activate' : 'suspend';
  return (
    <ConfirmButton
      label={suspended ? 'Activate' : 'Suspend'}
      color={suspended ? 'primary' : 'error'}
      title={`${suspended ? 'Activate' : 'Suspend'} account ${account.name}?`}
      content={suspended ? 'Its users can log in again.' : 'Every token of the account stops working at once and its users cannot log in until it is activated.'}
      onConfirm={() => run(() => api('POST', `/admin/accounts/${account.id}/${action}`), `Account ${account.id} ${suspended ? 'activated' : 'suspended'}`, refresh)}
    />
  );
}

const Title = () => {
  const a = useRecordContext<Account>();
  return <span>{a ? `Account ${a.id}: ${a.name}` : 'Account'}</span>;
};

/** One account: settings, users, stations, schemas and usage as tabs. */
export function AccountShow() {
  return (
    <Show title={<Title />} actions={<TopToolbar><SuspendButton /></TopToolbar>}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="Settings">
          <TextField source="id" label="Id" />
          <TextField source="name" label="Name" />
          <ChipField source="status" label="Status" />
          <NumberField source="maxTokenMinutes" label="Longest access token (minutes)" />
          <NumberField source="maxRefreshMinutes" label="Longest refresh token (minutes)" />
          <DateField source="createdAt" label="Created" showTime />
          <AccountSettings />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Users" path="users">
          <WithAccount render={(id) => <AccountUsers accountId={id} />} />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Stations" path="stations">
          <WithAccount render={(id, regions) => <AccountStations accountId={id} regions={regions} />} />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Schemas" path="schemas">
          <WithAccount render={(id) => <AccountSchemas accountId={id} />} />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Usage" path="usage">
          <WithAccount render={(id) => <AccountUsage accountId={id} />} />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}

function WithAccount({ render }: { render: (id: number, regions: string[]) => ReactElement }) {
  const a = useRecordContext<Account>();
  return a ? render(a.id, (a.regions ?? []).map((r) => r.regionId)) : null;
}

function AccountSettings() {
  const a = useRecordContext<Account>();
  if (!a) return null;
  return (
    <>
      <Section title="Regions enabled">
        <RegionsEnabled accountId={a.id} enabled={(a.regions ?? []).map((r) => r.regionId)} />
      </Section>
      <Section title="Station policy">
        <StationPolicy accountId={a.id} />
      </Section>
      <Section title="Limits and quotas">
        <AccountLimits accountId={a.id} />
      </Section>
    </>
  );
}
