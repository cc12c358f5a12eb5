import { useState } from 'react';
import { Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { api, enc } from '../api/http';
import { ConfirmButton, useAction, useApi } from '../components/actions';
import { Section } from '../components/section';
import { SimpleTable } from '../components/simple-table';

interface User {
  id: number;
  username: string;
  disabled: boolean;
  created_at: string;
}

/** An account's application users: create, disable/enable, revoke tokens, reset password. */
export function AccountUsers({ accountId }: { accountId: number }) {
  const base = `/admin/accounts/${accountId}/users`;
  const { data: users = [], refetch } = useApi<User[]>(base);
  const { run, busy } = useAction();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const userPath = (u: string) => `${base}/${enc(u)}`;

  return (
    <Box>
      <Section title="Users">
        <SimpleTable
          caption="Users of the account"
          rows={users}
          rowKey={(u) => String(u.id)}
          empty="No user yet."
          columns={[
            { label: 'Username', render: (u) => u.username },
            { label: 'Status', render: (u) => <Chip size="small" label={u.disabled ? 'disabled' : 'enabled'} color={u.disabled ? 'default' : 'success'} /> },
            { label: 'Created', render: (u) => new Date(u.created_at).toLocaleString() },
            {
              label: 'Actions',
              render: (u) => (
                <Box sx={{ display: 'flex', gap: 1 }}>
                  {u.disabled ? (
                    <Button size="small" aria-label={`Enable ${u.username}`} onClick={() => run(() => api('POST', `${userPath(u.username)}/enable`), `${u.username} enabled`, refetch)}>
                      Enable
                    </Button>
                  ) : (
                    <ConfirmButton
                      label="Disable"
                      aria-label={`Disable ${u.username}`}
                      title={`Disable user ${u.username}?`}
                      content="The user cannot log in, and their live tokens are refused within seconds."
                      onConfirm={() => run(() => api('POST', `${userPath(u.username)}/disable`), `${u.username} disabled`, refetch)}
                    />
                  )}
                  <ConfirmButton
                    label="Revoke tokens"
                    aria-label={`Revoke tokens of ${u.username}`}
                    title={`Revoke every token of ${u.username}?`}
                    content="Every token issued to the user so far stops working; the user may log in again."
                    onConfirm={() => run(() => api('POST', `${userPath(u.username)}/revoke-tokens`), `Tokens of ${u.username} revoked`)}
                  />
                  <Button size="small" aria-label={`Reset password of ${u.username}`} onClick={() => { setNewPassword(''); setResetFor(u.username); }}>
                    Reset password
                  </Button>
                </Box>
              ),
            },
          ]}
        />
      </Section>
      <Section title="Create user">
        <Box
          component="form"
          sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}
          onSubmit={async (e) => {
            e.preventDefault();
            if (await run(() => api('POST', base, { username, password }), `User ${username} created`, refetch)) {
              setUsername('');
              setPassword('');
            }
          }}
        >
          <TextField label="Username" size="small" value={username} onChange={(e) => setUsername(e.target.value)} required />
          <TextField label="Password" size="small" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required helperText="At least 8 characters" />
          <Button type="submit" variant="contained" disabled={busy}>
            Create user
          </Button>
        </Box>
      </Section>
      <Dialog open={resetFor !== null} onClose={() => setResetFor(null)} aria-labelledby="reset-password-title">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (await run(() => api('POST', `${userPath(resetFor!)}/password`, { password: newPassword }), `Password of ${resetFor} reset`)) setResetFor(null);
          }}
        >
          <DialogTitle id="reset-password-title">Reset the password of {resetFor}?</DialogTitle>
          <DialogContent>
            <p>The user's live tokens stop working; they log in again with the new password.</p>
            <TextField label="New password" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} required fullWidth />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setResetFor(null)}>Cancel</Button>
            <Button type="submit" color="error" disabled={busy}>
              Reset password
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </Box>
  );
}
