import { ReactNode, useState } from 'react';
import { Confirm, useNotify } from 'react-admin';
import { Button, ButtonProps } from '@mui/material';
import { useQuery, UseQueryOptions } from '@tanstack/react-query';
import { api } from '../api/http';

/** Reads an admin API path with react-query (cached, refetched on focus); `refetchInterval` for live status. */
export function useApi<T>(path: string | null, opts: Partial<UseQueryOptions<T>> = {}) {
  return useQuery<T>({
    queryKey: ['api', path],
    queryFn: async () => (await api<T>('GET', path!)).body,
    enabled: path !== null,
    ...opts,
  });
}

/** Runs a change, then says so; a refused change shows the API's own message. */
export function useAction() {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, done: string, after?: () => unknown): Promise<boolean> => {
    setBusy(true);
    try {
      await fn();
      notify(done, { type: 'success' });
      await after?.();
      return true;
    } catch (e) {
      notify((e as Error).message, { type: 'error', autoHideDuration: 8000 });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

/** A destructive action: asks first (title and what will happen), then runs. */
export function ConfirmButton(props: { label: string; title: string; content: ReactNode; onConfirm: () => Promise<unknown>; color?: ButtonProps['color']; disabled?: boolean; 'aria-label'?: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button size="small" color={props.color ?? 'error'} onClick={() => setOpen(true)} disabled={props.disabled} aria-label={props['aria-label']}>
        {props.label}
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title={props.title}
        content={props.content}
        confirm={props.label}
        onConfirm={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setOpen(false);
          }
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
