import { Injectable, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { topicName } from '@restgw/contracts';
import { LogBackend } from '@restgw/message-log';
import { SchemaValidators, StationDirectoryMirror, StationResolver } from '@restgw/region-stations';
import { GatewayConfig } from '../gateway.config';
import { LOG_BACKEND } from '../message-log/log-backend.provider';
import { ImplicitStationsClient } from './implicit-stations.client';

/** The station directory mirror, the resolver over it and the compiled-schema cache, one of each per process. */
export const stationProviders = (config: GatewayConfig): Provider[] => [
  {
    provide: StationDirectoryMirror,
    inject: [STATE_STORE],
    useFactory: (store: StateStore) => new StationDirectoryMirror({ store, regionId: config.REGION_ID, resyncIntervalMs: config.STATION_RESYNC_MS }),
  },
  ImplicitStationsClient,
  {
    provide: StationResolver,
    inject: [StationDirectoryMirror, ImplicitStationsClient, LOG_BACKEND],
    useFactory: (mirror: StationDirectoryMirror, implicit: ImplicitStationsClient, log: LogBackend) => {
      const resolver = new StationResolver(mirror, implicit);
      mirror.onChange((accountId, station) => {
        resolver.changed(accountId, station);
        // The worker deletes the topic a moment after the deletion is published: the log lets go of it first.
        if (station === null) return;
        const status = mirror.lookup(accountId, station)?.status;
        if (status === 'deleting' || status === 'deleted') log.forgetTopic(topicName(accountId, station));
      });
      return resolver;
    },
  },
  { provide: SchemaValidators, useFactory: () => new SchemaValidators(config.SCHEMA_CACHE_SIZE) },
  StationDirectoryLifecycle,
];

@Injectable()
export class StationDirectoryLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly mirror: StationDirectoryMirror) {}

  onModuleInit(): void {
    this.mirror.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mirror.stop();
  }
}
