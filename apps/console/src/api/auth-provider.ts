import type { AuthProvider } from 'react-admin';
import { api, hasCsrfToken, setCsrfToken } from './http';

interface SessionBody {
  operator: { id: number; email: string };
  csrf_token: string;
  expires_at: string;
  idle_expires_at: string;
}

let operator: SessionBody['operator'] | undefined;

const remember = (s: SessionBody) => {
  operator = s.operator;
  setCsrfToken(s.csrf_token);
};
const forget = () => {
  operator = undefined;
  setCsrfToken(undefined);
};

/** Sign-in with a server-side session in an httpOnly, SameSite=Strict cookie (POST/GET/DELETE /admin/session). */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const { body } = await api<SessionBody>('POST', '/admin/session', { email: username, password });
    remember(body);
  },
  async logout() {
    try {
      if (hasCsrfToken()) await api('DELETE', '/admin/session');
    } finally {
      forget();
    }
  },
  async checkAuth() {
    if (hasCsrfToken()) return;
    // After a reload: the cookie may still hold a live session.
    const { body } = await api<SessionBody>('GET', '/admin/session');
    remember(body);
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      forget();
      throw new Error('Your session ended: sign in again');
    }
  },
  async getIdentity() {
    if (!operator) await authProvider.checkAuth({});
    return { id: operator!.id, fullName: operator!.email };
  },
  async getPermissions() {
    return 'operator';
  },
};
