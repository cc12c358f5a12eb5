import { DataTable, DateField, DateTimeInput, FunctionField, List, TextInput } from 'react-admin';

const filters = [
  <TextInput key="actor" source="actor" label="Actor (email or cli:user)" alwaysOn />,
  <TextInput key="action" source="action" label="Action (e.g. account.suspend)" alwaysOn />,
  <TextInput key="target" source="target" label="Target (and below, e.g. account/12)" />,
  <TextInput key="account" source="account" label="Account id" />,
  <DateTimeInput key="from" source="from" label="From" />,
  <DateTimeInput key="to" source="to" label="Until" />,
];

/** The audit log (GET /admin/audit): newest first, filtered and paged by cursor on the server. */
export function AuditList() {
  return (
    <List filters={filters} perPage={25} sort={{ field: 'id', order: 'DESC' }} exporter={false} title="Audit log">
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="at" label="Time" disableSort>
          <DateField source="at" showTime />
        </DataTable.Col>
        <DataTable.Col source="actor" label="Actor" disableSort />
        <DataTable.Col source="source" label="Source" disableSort />
        <DataTable.Col source="action" label="Action" disableSort />
        <DataTable.Col source="target" label="Target" disableSort />
        <DataTable.Col label="Change" disableSort>
          <FunctionField render={(e: { summary: unknown }) => <code style={{ fontSize: 12, wordBreak: 'break-all' }}>{JSON.stringify(e.summary)}</code>} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
