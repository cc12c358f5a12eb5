import {
  ChipField,
  Create,
  CreateButton,
  DataTable,
  DateField,
  FunctionField,
  List,
  NumberInput,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  required,
} from 'react-admin';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name or id" aria-label="Search accounts by name or id" />,
  <SelectInput
    key="status"
    source="status"
    label="Status"
    choices={[
      { id: 'active', name: 'active' },
      { id: 'suspended', name: 'suspended' },
    ]}
  />,
];

/** Accounts: searched, sorted and paged by the control plane (GET /admin/accounts, X-Total-Count). */
export function AccountList() {
  return (
    <List filters={filters} sort={{ field: 'id', order: 'ASC' }} perPage={25} empty={false} actions={<TopToolbar><CreateButton label="Create account" /></TopToolbar>}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" label="Id" />
        <DataTable.Col source="name" label="Name" />
        <DataTable.Col source="status" label="Status">
          <ChipField source="status" size="small" />
        </DataTable.Col>
        <DataTable.Col label="Regions enabled" disableSort>
          <FunctionField render={(r: { regions?: Array<{ regionId: string }> }) => (r.regions ?? []).map((x) => x.regionId).join(', ') || '-'} />
        </DataTable.Col>
        <DataTable.Col source="created_at" label="Created">
          <DateField source="createdAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}

export function AccountCreate() {
  return (
    <Create redirect="show" title="Create account">
      <SimpleForm>
        <TextInput source="name" label="Name" validate={required()} />
        <NumberInput source="max_token_minutes" label="Longest access token (minutes, optional)" min={1} />
        <NumberInput source="max_refresh_minutes" label="Longest refresh token (minutes, optional)" min={1} />
      </SimpleForm>
    </Create>
  );
}
