import {
  ChipField,
  Create,
  DataTable,
  DeleteWithConfirmButton,
  Edit,
  EditButton,
  List,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  UrlField,
  regex,
  required,
} from 'react-admin';

const STATUSES = [
  { id: 'active', name: 'active' },
  { id: 'draining', name: 'draining' },
  { id: 'disabled', name: 'disabled' },
];

/** Regions (GET /admin/regions): status and the URL customers call; create/edit is PUT /admin/regions/:id. */
export function RegionList() {
  return (
    <List pagination={false} sort={{ field: 'id', order: 'ASC' }}>
      <DataTable bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="id" label="Region" disableSort />
        <DataTable.Col source="status" label="Status" disableSort>
          <ChipField source="status" size="small" />
        </DataTable.Col>
        <DataTable.Col source="url" label="URL" disableSort>
          <UrlField source="url" />
        </DataTable.Col>
        <DataTable.Col label="Actions" disableSort>
          <EditButton />
          <DeleteWithConfirmButton confirmTitle="Delete this region?" confirmContent="Refused while an account is enabled in it or a station lives there." mutationMode="pessimistic" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}

export function RegionCreate() {
  return (
    <Create redirect="list" title="Register region">
      <SimpleForm>
        <TextInput source="id" label="Region id (e.g. aws-eu-central-1)" validate={[required(), regex(/^[a-z0-9]+-[a-z0-9-]+$/, 'lowercase letters, digits and dashes, like aws-eu-central-1')]} />
        <TextInput source="url" label="URL" validate={required()} />
        <SelectInput source="status" label="Status" choices={STATUSES} defaultValue="active" />
      </SimpleForm>
    </Create>
  );
}

export function RegionEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm toolbar={<Toolbar><SaveButton /></Toolbar>}>
        <TextInput source="id" label="Region id" disabled />
        <TextInput source="url" label="URL" validate={required()} />
        <SelectInput source="status" label="Status" choices={STATUSES} />
      </SimpleForm>
    </Edit>
  );
}
