import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
@customElement('x-probe')
export class XProbe extends LitElement {
  @property() label = 'hi';
  @state() private n = 0;
  override render() {
    return html`<button id="b" @click=${() => this.n++}>${this.label} ${this.n}</button>`;
  }
}
