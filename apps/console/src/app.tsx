import { Admin, defaultLightTheme, Resource } from 'react-admin';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import PublicIcon from '@mui/icons-material/Public';
import HistoryIcon from '@mui/icons-material/History';
import { authProvider } from './api/auth-provider';
import { dataProvider } from './api/data-provider';
import { LoginPage } from './pages/login-page';
import { ConsoleLayout } from './components/console-layout';
import { AccountCreate, AccountList } from './pages/accounts';
import { AccountShow } from './pages/account-show';
import { RegionCreate, RegionEdit, RegionList } from './pages/regions';
import { RegionShow } from './pages/region-show';
import { AuditList } from './pages/audit';

/** react-admin's light theme with darker blues: white text on them and them on white meet WCAG AA contrast (4.5:1). */
const theme = {
  ...defaultLightTheme,
  palette: { ...defaultLightTheme.palette, primary: { main: '#1565c0' }, secondary: { main: '#0d47a1' } },
};

/** The operators' console: react-admin on the admin API (docs/operations.md). */
export function App() {
  return (
    <Admin
      title="restgw console"
      dataProvider={dataProvider}
      authProvider={authProvider}
      loginPage={LoginPage}
      layout={ConsoleLayout}
      requireAuth
      disableTelemetry
      theme={theme}
      darkTheme={null}
    >
      <Resource name="accounts" list={AccountList} create={AccountCreate} show={AccountShow} icon={AccountBalanceIcon} recordRepresentation="name" />
      <Resource name="regions" list={RegionList} create={RegionCreate} edit={RegionEdit} show={RegionShow} icon={PublicIcon} />
      <Resource name="audit" list={AuditList} icon={HistoryIcon} options={{ label: 'Audit log' }} />
    </Admin>
  );
}
