import type { ReactNode } from 'react';
import { AppBar, Layout, Logout, UserMenu, useGetIdentity } from 'react-admin';

/** The user menu's button is named by what it shows (the operator's email), as WCAG 2.5.3 asks, not "Profile". */
function OperatorMenu() {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ?? 'Profile'}>
      <Logout />
    </UserMenu>
  );
}

const ConsoleAppBar = () => <AppBar userMenu={<OperatorMenu />} />;

export const ConsoleLayout = ({ children }: { children: ReactNode }) => <Layout appBar={ConsoleAppBar}>{children}</Layout>;
