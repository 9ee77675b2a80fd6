// CSS of <curvechat-room>: the two columns, the window-height chat, Large type and the narrow (phone) layout.
import { css } from 'lit';

/** The room's layout styles (adopted after sharedStyles). */
export const roomStyles = css`
  :host {
    display: block;
  }
  .room {
    display: grid;
    grid-template-columns: minmax(22rem, 30rem) minmax(0, 1fr);
    gap: 1.25rem;
    align-items: start;
  }
  .left,
  .right {
    display: grid;
    gap: 1.25rem;
    min-width: 0;
  }
  /* The chat stays in view while the keys and peers scroll: it fills the window height. */
  .right.fill {
    position: sticky;
    top: 1rem;
    height: max(48rem, calc(100vh - 6rem));
    display: flex;
    flex-direction: column;
  }
  /* The chat keeps room for its messages, composer and both switches; the activity log gives way first. */
  .right.fill > curvechat-views {
    flex: 1 1 auto;
    min-height: 35rem;
  }
  /* The window-height chat holds the bytes-on-the-wire line too (Large type grows with its content instead). */
  .room:not(.large) .right.fill > curvechat-views {
    min-height: 33.5rem;
  }
  /* A narrower chat wraps its hints onto more lines: keep the messages' room (the column may overflow below). */
  @media (max-width: 1399px) {
    .room:not(.large) .right.fill > curvechat-views {
      min-height: 38rem;
    }
  }
  curvechat-activity-log,
  curvechat-presenter-bar,
  curvechat-room-lock {
    flex: none;
  }
  /* Shrinks a thousand times faster than the views: down to its minimum before the chat gives up a pixel. */
  .right.fill > curvechat-activity-log {
    flex: 0 1000 auto;
    min-height: 6rem;
    overflow-y: auto;
  }
  .banner {
    margin-bottom: 1rem;
  }
  .reloaded {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
  }
  .reloaded > span {
    flex: 1 1 20rem;
  }
  /* Large type for a projector: the views take the whole width, keys and peers follow below. */
  .room.large {
    grid-template-columns: minmax(0, 1fr);
  }
  .room.large .right {
    order: -1;
  }
  /* Not a window-height column: at 22px type it would squeeze the chat under its card (composer hidden). */
  .room.large .right.fill {
    position: static;
    height: auto;
  }
  .room.large .left {
    grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
    align-items: start;
  }
  /* Narrow screens (phones): the chat and views first, keys and peers below, and a sticky jump bar. */
  .jump {
    display: none;
  }
  @media (max-width: 960px) {
    .room {
      grid-template-columns: minmax(0, 1fr);
    }
    .right {
      order: -1;
    }
    .jump {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
      position: sticky;
      top: 0;
      z-index: 3;
      margin: 0 -0.25rem 0.75rem;
      padding: 0.4rem 0.25rem;
      background: var(--cc-bg);
      border-bottom: 1px solid var(--cc-border);
    }
    .right,
    curvechat-key-panel,
    curvechat-peer-list {
      scroll-margin-top: 3.5rem;
    }
    .right.fill {
      position: static;
      height: auto;
    }
    /* The chat fills the window under the jump bar, so "Chat" shows the messages and the composer at once. */
    .right.fill > curvechat-views {
      height: clamp(24rem, calc(100vh - 4.5rem), 48rem);
    }
    /* The presenter controls follow the views: on a phone the chat comes before them. */
    .right > curvechat-presenter-bar,
    .right > curvechat-room-lock {
      order: 1;
    }
    .right > curvechat-activity-log {
      order: 2;
    }
  }
  /* A phone: the buttons alone say where they go (the bar is labelled "Jump to" for screen readers). */
  @media (max-width: 420px) {
    .jump-label {
      display: none;
    }
  }
`;
