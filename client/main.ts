// Browser entry: shows the insecure-context notice when WebCrypto is missing, else starts a RoomSession for <curvechat-app>.
import './components/curvechat-app.js';
import { relaySocketPath } from './session/base-path.js';

const app =
  document.querySelector('curvechat-app') ??
  document.body.appendChild(document.createElement('curvechat-app'));

if (!window.isSecureContext || !globalThis.crypto?.subtle) {
  // Plain HTTP on a LAN address: WebCrypto is off. Explain instead of breaking (docs/protocol.md §7).
  app.secure = false;
} else {
  try {
    // Loaded only in a secure context: nothing that needs crypto.subtle runs before this check.
    // The instance settings (config.json next to the page; defaults and a log line when it fails) load alongside.
    const [{ RoomSession }, { detectCurveSupport }, { registerToyKeyAgreements }, instance] =
      await Promise.all([
        import('./session/room-session.js'),
        import('./crypto/curves.js'),
        import('./providers.js'),
        import('./session/instance-config.js').then((m) => m.loadInstanceConfig(document.baseURI)),
      ]);
    // Teaching curves (docs/protocol.md §5) computed with BigInt; the picker labels them insecure.
    registerToyKeyAgreements();
    // Socket.IO lives next to the page (BASE_PATH, client/session/base-path.ts): one build, any prefix.
    app.session = new RoomSession({
      socketOptions: { path: relaySocketPath(document.baseURI) },
      files: { maxFileBytes: instance.settings.maxFileBytes },
      startLog: instance.notes,
    });
    app.support = await detectCurveSupport();
  } catch (err) {
    // A module that did not load (a broken deploy, a dropped connection): a Join waiting for the session says why.
    app.startupError = err instanceof Error ? err.message : String(err);
    console.error('curvechat could not start', err);
  }
}
