// GET <BASE_PATH>config.json: the instance settings browser clients read at start-up (docs/protocol.md Extensions,
// "Instance settings"). Validated with the wire schema once, when the app is built; never cached by browsers.
import type { Request, Response } from 'express';
import { clientConfig } from '../common/schema/client-config.js';
import type { ClientConfig } from '../common/wire.js';

/** The handler for `config.json`: the settings as JSON, `Cache-Control: no-store` (a changed limit applies on reload). */
export function clientConfigHandler(settings: ClientConfig) {
  // The relay checks what it serves with the same schema the client applies: a bad value fails at start-up.
  const body = JSON.stringify(clientConfig.parse(settings));
  return (_req: Request, res: Response): void => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(body);
  };
}
