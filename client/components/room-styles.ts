// CSS of <curvechat-room>: the two columns, the window-height chat, Large type and the narrow (phone) layout.
import { css } from 'lit';

/** The sticky "Jump to: Chat · Your keys · People" bar, shown on narrow screens and in Large type. */
const jumpBar = css`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.4rem;
  position: sticky;
  top: 0;
  z-index: 3;
  margin: 0 -0.25rem 0.5rem;
  padding: 0.4rem 0.25rem;
  background: var(--cc-bg);
  border-bottom: 1px solid var(--cc-border);
`;

/** The room's layout styles (adopted after sharedStyles). */
export const roomStyles = css`
  :host {
    display: block;
  }
  /* Keys and peers get at most 36% of the width, so a 1024 px screen leaves the chat most of it. */
  .room {
    display: grid;
    grid-template-columns: minmax(22rem, min(30rem, 36%)) minmax(0, 1fr);
    gap: 1.25rem;
    align-items: start;
  }
  /* A toy curve's warning heads the left column, so the chat starts right under the header. */
  @media (min-width: 961px) {
    .room.toy:not(.large) {
      grid-template-rows: auto 1fr;
      grid-template-areas: 'banner right' 'left right';
    }
    .room.toy:not(.large) > .toy-banner {
      grid-area: banner;
    }
    .room.toy:not(.large) > .left {
      grid-area: left;
    }
    .room.toy:not(.large) > .right {
      grid-area: right;
    }
  }
  .left,
  .right {
    display: grid;
    gap: 1.25rem;
    min-width: 0;
  }
  /* The chat stays in view while the keys and peers scroll: it fills the window under the header. */
  .right.fill {
    position: sticky;
    top: 1rem;
    height: max(34rem, calc(100vh - 5.25rem));
    display: flex;
    flex-direction: column;
  }
  /* The conversation takes what the presenter bar and the activity log leave (the chat scrolls inside). */
  .right.fill > curvechat-views {
    flex: 1 1 auto;
    min-height: 22rem;
  }
  curvechat-activity-log,
  curvechat-presenter-bar {
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
  /* The toy warning follows the chat on a projector (the presenter bar names the curve above it). */
  .room.large > .toy-banner {
    order: 0;
  }
  /* The chat fills the window under the jump bar, as on a phone: its messages scroll, the composer stays. */
  .room.large .right.fill {
    position: static;
    height: auto;
  }
  .room.large .right.fill > curvechat-views {
    height: clamp(24rem, calc(100vh - 4.5rem), 48rem);
    min-height: 0;
  }
  .room.large .left {
    grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
    align-items: start;
  }
  /* Narrow screens (phones) and Large type: a sticky jump bar. */
  .jump {
    display: none;
  }
  .jump.large {
    ${jumpBar}
  }
  curvechat-views,
  curvechat-key-panel,
  curvechat-peer-list {
    scroll-margin-top: 3.5rem;
  }
  /* Narrow screens (phones): the chat and views first, keys and peers below. */
  @media (max-width: 960px) {
    .room {
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem;
    }
    .room > .toy-banner {
      order: -2;
    }
    .right {
      order: -1;
    }
    .jump {
      ${jumpBar}
    }
    .right.fill {
      position: static;
      height: auto;
    }
    /* The chat fills the window under the jump bar, so "Chat" shows the messages and the composer at once. */
    .right.fill > curvechat-views {
      height: clamp(24rem, calc(100vh - 4.5rem), 48rem);
      min-height: 0;
    }
    /* The presenter controls follow the views: on a phone the chat comes before them. */
    .right > curvechat-presenter-bar {
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
