// CSS for <curvechat-exchange-view>: the side-by-side pair, the HKDF/AES-GCM boxes and their empty states.
import { css } from 'lit';

/** The exchange view's own styles (adopted after vizStyles). */
export const exchangeStyles = css`
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    gap: 1em;
  }
  /* Room between the pair of boxes above and the step player's bar. */
  curvechat-step-player {
    margin-top: 1em;
  }
  .boxes {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
    gap: 0.8em;
    margin-top: 1em;
  }
  .box {
    border: 2px solid var(--cc-border, #c8c8c8);
    border-radius: 0.5em;
    padding: 0.6em 0.9em;
  }
  .box.current {
    border-color: #e69f00;
    box-shadow: 0 0 0 2px #e69f00;
  }
  .box h4 {
    margin: 0 0 0.3em;
  }
  .box dl {
    margin: 0;
  }
  .box dd {
    margin: 0 0 0.4em;
  }
  .empty {
    color: var(--cc-muted, #4d5a6a);
    font-style: italic;
  }
`;
