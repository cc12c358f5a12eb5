import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { createStateStore, StateStoreConfig } from './state-store.factory';
import type { StateStore } from './state-store';

/** Injection token of the process's one StateStore. */
export const STATE_STORE = Symbol('STATE_STORE');

@Injectable()
class StateStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(STATE_STORE) private readonly store: StateStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Opens the process's state store connections (a command connection and, on
 * first subscribe, one subscriber connection) once, for every provider that
 * injects STATE_STORE, and closes them at shutdown.
 */
@Module({})
export class StateStoreModule {
  static forRoot(config: StateStoreConfig): DynamicModule {
    return {
      module: StateStoreModule,
      global: true,
      providers: [{ provide: STATE_STORE, useFactory: () => createStateStore(config) }, StateStoreCloser],
      exports: [STATE_STORE],
    };
  }
}
