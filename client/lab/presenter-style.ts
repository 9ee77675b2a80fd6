// Large type for a projector: toggles the `presenter` class on the app root and a document-level stylesheet.
import { css } from 'lit';

/**
 * Rules for presenter mode. `html.cc-presenter` raises the font size of the root and of the body
 * (which the app's theme fixes at 16px), so every component sized in rem or em (all of
 * client/components, client/viz and client/lab) grows with it; `.presenter`
 * on the app root widens the layout and exposes `--cc-presenter-scale` (canvas line and label scale, client/viz/canvas.ts),
 * `--cc-canvas-min-height` and `--cc-canvas-max-width` for canvas views, which inherit custom properties through their shadow roots.
 */
export const presenterDocumentStyles = css`
  html.cc-presenter,
  html.cc-presenter body {
    font-size: 22px;
  }
  .presenter {
    --cc-presenter: 1;
    --cc-presenter-scale: 1.4;
    --cc-canvas-min-height: 60vh;
    /* A canvas as tall as the projector allows, with its step player reachable below or beside it. */
    --cc-canvas-max-width: 86vh;
    max-width: none;
    line-height: 1.55;
  }
  @media (min-width: 1600px) {
    html.cc-presenter,
    html.cc-presenter body {
      font-size: 26px;
    }
  }
`;

let adopted = false;

/** Adds the presenter stylesheet to the document once (constructable stylesheet: allowed by a strict CSP). */
function adoptOnce(doc: Document): void {
  if (adopted) return;
  const sheet = presenterDocumentStyles.styleSheet;
  if (sheet) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  adopted = true;
}

/** Turns the large-type presenter style on or off for `root` (the app root element). */
export function setPresenterStyle(root: HTMLElement, on: boolean): void {
  adoptOnce(root.ownerDocument);
  root.classList.toggle('presenter', on);
  root.ownerDocument.documentElement.classList.toggle('cc-presenter', on);
}
