// The activity log: every protocol step in plain language, announced politely to screen readers.
import { LitElement, css, html } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { LogEntry } from '../session/types.js';
import { blockSectionHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import { formatTimeSeconds, isoTime } from './format.js';

/** Shows `state.log`, newest at the bottom, scrolled to the end as entries arrive. */
@customElement('curvechat-activity-log')
export class CurvechatActivityLog extends LitElement {
  static override styles = [
    sharedStyles,
    blockSectionHost,
    css`
      section {
        gap: 0.5rem;
      }
      .log {
        max-height: 9.5rem;
        overflow-y: auto;
        background: var(--cc-surface-2);
        border-radius: 8px;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0.5rem 0.7rem;
        font-size: 0.875rem;
        display: grid;
        gap: 0.2rem;
        align-content: start;
      }
      li {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.6rem;
      }
      time {
        color: var(--cc-muted);
        font-family: var(--cc-mono);
        font-size: 0.8125rem;
      }
      li.warn span {
        color: var(--cc-warn);
      }
      li.error span {
        color: var(--cc-err);
        font-weight: 600;
      }
      .empty {
        color: var(--cc-muted);
      }
    `,
  ];

  /** Log entries, oldest first. */
  @property({ attribute: false }) entries: LogEntry[] = [];

  @query('.log') private list?: HTMLElement;

  override render() {
    return html`
      <section class="card" aria-labelledby="log-title">
        <h2 id="log-title">Activity</h2>
        <!-- The log role sits on a wrapper: on the <ol> itself it would erase the list semantics. -->
        <div class="log" role="log" aria-live="polite" aria-labelledby="log-title" tabindex="0">
          <ol>
            ${this.entries.length === 0 ? html`<li class="empty">Nothing yet.</li>` : ''}
            ${repeat(
              this.entries,
              (e) => e.seq,
              (e) =>
                html`<li class=${e.level}>
                  <time datetime=${isoTime(e.ts)}>${formatTimeSeconds(e.ts)}</time
                  ><span
                    >${e.level === 'info' ? '' : e.level === 'warn' ? 'Warning: ' : 'Problem: '}${e.text}</span
                  >
                </li>`,
            )}
          </ol>
        </div>
      </section>
    `;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('entries') && this.list) this.list.scrollTop = this.list.scrollHeight;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-activity-log': CurvechatActivityLog;
  }
}
