// While the page is hidden: the unread count in the tab title and, only when the user turned them on,
// desktop notifications (sender's name and "New message", never the text). One controller, on the app.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionState } from '../session/types.js';
import { UnreadCounter, titleWithCount, type UnreadNotice } from '../session/unread.js';

/** Where the user's choice is remembered (this browser, every tab). */
export const NOTIFY_STORAGE_KEY = 'curvechat.notifications';

/** The notification toggle's state: off, on, refused by the browser, or not available here. */
export type NotifyState = 'off' | 'on' | 'blocked' | 'unsupported';

/** Whether the remembered choice is "on" (false when storage is unavailable). */
function rememberedOn(): boolean {
  try {
    return localStorage.getItem(NOTIFY_STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function remember(on: boolean): void {
  try {
    if (on) localStorage.setItem(NOTIFY_STORAGE_KEY, 'on');
    else localStorage.removeItem(NOTIFY_STORAGE_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** The starting state: on only when remembered on and the browser still grants permission. */
function initialState(): NotifyState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return rememberedOn() && Notification.permission === 'granted' ? 'on' : 'off';
}

/** The toggle's state: written by the app's controller, read by the toggle wherever it is placed. */
export class NotifyStore extends EventTarget {
  /** The current state; a `change` event follows every new value. */
  value: NotifyState = initialState();

  /** Set the state and tell the toggles. */
  set(value: NotifyState): void {
    if (value === this.value) return;
    this.value = value;
    this.dispatchEvent(new Event('change'));
  }
}

/** The page's one notification state (there is one app per page). */
export const notifyStore = new NotifyStore();

/** Counts unread messages while hidden, shows them in the title, and notifies when the user asked for it. */
export class UnreadNotify implements ReactiveController {
  private readonly counter = new UnreadCounter();
  private room: string | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly store: NotifyStore = notifyStore,
  ) {
    host.addController(this);
  }

  /** Follow the page's visibility. */
  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    this.counter.setHidden(document.visibilityState === 'hidden');
  }

  /** Stop following it. */
  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Take a new session snapshot: count and notify new real messages from others while hidden. */
  sync(st: SessionState): void {
    const joined = st.room !== undefined && st.me !== undefined;
    if (!joined || st.room !== this.room) {
      this.counter.reset();
      this.room = joined ? st.room : undefined;
      if (!joined) return this.showCount();
    }
    const notices = this.counter.observe(st.messages);
    if (this.store.value === 'on' && document.visibilityState === 'hidden')
      for (const notice of notices) this.show(notice);
    this.showCount();
  }

  /** The user turned notifications on or off (on asks the browser for permission, on this click only). */
  async setEnabled(on: boolean): Promise<void> {
    if (typeof Notification === 'undefined') return this.set('unsupported');
    if (!on) {
      remember(false);
      return this.set(Notification.permission === 'denied' ? 'blocked' : 'off');
    }
    const permission =
      Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    remember(permission === 'granted');
    this.set(permission === 'granted' ? 'on' : permission === 'denied' ? 'blocked' : 'off');
  }

  private set(state: NotifyState): void {
    this.store.set(state);
  }

  private show(notice: UnreadNotice): void {
    try {
      const n = new Notification(notice.title, { body: notice.body, lang: 'en' });
      n.onclick = () => {
        window.focus();
        n.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker: the title's count still shows.
    }
  }

  /** Put the unread count in front of the tab title (or take it away). */
  private showCount(): void {
    const next = titleWithCount(document.title, this.counter.count);
    if (next !== document.title) document.title = next;
  }

  private readonly onVisibility = (): void => {
    this.counter.setHidden(document.visibilityState === 'hidden');
    this.showCount();
  };
}
