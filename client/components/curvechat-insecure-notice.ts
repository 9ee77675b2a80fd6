// Shown instead of the app when WebCrypto is unavailable: why, and how to open curvechat so it works.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';

/** Explains that WebCrypto needs a secure context and lists the ways to get one. */
@customElement('curvechat-insecure-notice')
export class CurvechatInsecureNotice extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 44rem;
        margin: 2.5rem auto;
        padding: 0 1rem;
      }
      section {
        display: grid;
        gap: 0.9rem;
        padding: 1.5rem;
        border-left: 6px solid var(--cc-warn);
      }
      h2 {
        font-size: 1.4rem;
      }
      ol {
        margin: 0;
        padding-left: 1.3rem;
        display: grid;
        gap: 0.5rem;
      }
      code {
        font-family: var(--cc-mono);
        background: var(--cc-surface-2);
        padding: 0.05rem 0.35rem;
        border-radius: 4px;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The address the page was opened at (defaults to the current location). */
  @property() address = location.origin;

  override render() {
    const port = location.port ? `:${location.port}` : '';
    const host = location.hostname;
    // The page's directory under a BASE_PATH (`/chat/`), nothing at the root: the fixes keep the prefix.
    const dir = location.pathname.replace(/[^/]*$/, '');
    const prefix = dir === '/' ? '' : dir;
    return html`
      <section class="card" role="alert" aria-labelledby="insecure-title">
        <h2 id="insecure-title">This page cannot encrypt here</h2>
        <p>
          curvechat makes its keys and encrypts with the browser’s WebCrypto API (<code>crypto.subtle</code>).
          Browsers only switch WebCrypto on in a <strong>secure context</strong>: a page served over HTTPS, or
          from <code>localhost</code> on your own machine.
        </p>
        <p>
          This page was opened at <code>${this.address}</code>, which is plain HTTP on a network address, so
          WebCrypto is off and no keys can be made. Nothing was sent.
        </p>
        <h3>How to fix it</h3>
        <ol>
          <li>
            On the computer running the server, open <code>http://localhost${port}${prefix}</code> instead
            (localhost counts as secure).
          </li>
          <li>
            For other devices on a classroom or home network, have the server speak HTTPS. For a quick
            self-signed certificate start it with
            <code>TLS_SELF_SIGNED=1 TLS_HOSTNAMES=${host} npm start</code> (or give it your own certificate
            with <code>TLS_CERT</code> and <code>TLS_KEY</code>; the README and docs/deploy.md explain). Then
            open <code>https://${host}${port}${prefix}</code> and accept the certificate once.
          </li>
        </ol>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-insecure-notice': CurvechatInsecureNotice;
  }
}
