import { Admin, Resource } from 'react-admin';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import PublicIcon from '@mui/icons-material/Public';
import HistoryIcon from '@mui/icons-material/History';
import { authProvider } from './api/auth-provider';
import { dataProvider } from './api/data-provider';
import { LoginPage } from './pages/login-page';
import { AccountCreate, AccountList } from './pages/accounts';
import { AccountShow } from './pages/account-show';
import { RegionCreate, RegionEdit, RegionList } from './pages/regions';
import { AuditList } from './pages/audit';

/** The operators' console: react-admin on the admin API (docs/operations.md). */
export function App() {
  return (
    <Admin
      title="restgw console"
      dataProvider={dataProvider}
      authProvider={authProvider}
      loginPage={LoginPage}
      requireAuth
      disableTelemetry
    >
      <Resource name="accounts" list={AccountList} create={AccountCreate} show={AccountShow} icon={AccountBalanceIcon} recordRepresentation="name" />
      <Resource name="regions" list={RegionList} create={RegionCreate} edit={RegionEdit} icon={PublicIcon} />
      <Resource name="audit" list={AuditList} icon={HistoryIcon} options={{ label: 'Audit log' }} />
    </Admin>
  );
}
