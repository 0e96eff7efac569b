/**
 * The one mock of `electron` for the shell's unit tests. Importing this module registers it
 * (vi.mock is hoisted inside it), so every test file starts with
 * `import { electron, resetElectronMock } from './test/electron-mock'` before importing the
 * module under test. The fakes record what the code did so tests can assert on it and fire
 * events the way Electron would.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** Minimal EventEmitter that keeps listeners inspectable. */
class Emitter {
  listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    return this.on(name, fn);
  }
  removeListener(name: string, fn: Listener): this {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((l) => l !== fn),
    );
    return this;
  }
  emit(name: string, ...args: unknown[]): boolean {
    const ls = this.listeners.get(name) ?? [];
    for (const l of ls) l(...args);
    return ls.length > 0;
  }
  listenerCount(name: string): number {
    return (this.listeners.get(name) ?? []).length;
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  id = nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  destroyed = false;
  /** Resolves to the bytes Electron would print; tests replace it to fail. */
  printToPDF = vi.fn(async (_options: Record<string, unknown>) => Buffer.from('%PDF-1.7 fake'));
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Fires an event the way Electron does and reports whether a listener called preventDefault. */
  fire(name: string, ...args: unknown[]): { prevented: boolean } {
    const result = { prevented: false };
    const event = { preventDefault: () => (result.prevented = true) };
    this.emit(name, event, ...args);
    return result;
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  static fromWebContents(wc: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((w) => w.webContents === wc) ?? null;
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  webContents = new FakeWebContents();
  options: Record<string, unknown>;
  bounds: { x: number; y: number; width: number; height: number };
  destroyed = false;
  visible = false;
  minimized = false;
  maximized = false;
  focused = false;
  loaded: { file?: string; url?: string } = {};
  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.bounds = {
      x: (options.x as number) ?? 0,
      y: (options.y as number) ?? 0,
      width: (options.width as number) ?? 800,
      height: (options.height as number) ?? 600,
    };
    FakeBrowserWindow.all.push(this);
  }
  loadFile = vi.fn(async (file: string) => {
    this.loaded = { file };
  });
  loadURL = vi.fn(async (url: string) => {
    this.loaded = { url };
  });
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  close(): void {
    this.emit('close', { preventDefault: () => undefined });
    this.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends Emitter {
  isPackaged = false;
  lockResult = true;
  paths: Record<string, string> = { userData: '/tmp/runbrain-test-userdata' };
  name = 'RunBrain';
  requestSingleInstanceLock = vi.fn(() => this.lockResult);
  quit = vi.fn();
  exit = vi.fn();
  whenReady = vi.fn(() => Promise.resolve());
  getPath = vi.fn((name: string) => this.paths[name] ?? `/tmp/${name}`);
  setPath = vi.fn((name: string, value: string) => {
    this.paths[name] = value;
  });
  getAppPath = vi.fn(() => '/repo');
  getVersion = vi.fn(() => '0.1.0');
  setAppUserModelId = vi.fn();
}

class FakeIpcMain {
  handlers = new Map<string, Listener>();
  handle = vi.fn((channel: string, fn: Listener) => {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

class FakeIpcRenderer extends Emitter {
  invoke = vi.fn(async (_channel: string, _payload: unknown): Promise<unknown> => ({ ok: true, value: null }));
}

class FakeProtocol {
  handlers = new Map<string, (request: Request) => Promise<Response>>();
  handle = vi.fn((scheme: string, fn: (request: Request) => Promise<Response>) => {
    if (this.handlers.has(scheme)) throw new Error(`scheme ${scheme} is already handled`);
    this.handlers.set(scheme, fn);
  });
  registerSchemesAsPrivileged = vi.fn();
}

class FakeSession {
  protocol = new FakeProtocol();
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  setPermissionRequestHandler(fn: Listener | null): void {
    this.permissionRequestHandler = fn;
  }
  setPermissionCheckHandler(fn: Listener | null): void {
    this.permissionCheckHandler = fn;
  }
  setDevicePermissionHandler(fn: Listener | null): void {
    this.devicePermissionHandler = fn;
  }
}

export class FakeNotification extends Emitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

function makeElectron() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    protocol: new FakeProtocol(),
    session: { defaultSession: new FakeSession() },
    shell: { openExternal: vi.fn(async () => undefined), showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') },
    dialog: {
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })),
      showErrorBox: vi.fn(),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    screen: {
      getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
    },
    nativeTheme: { shouldUseDarkColors: false },
  };
}

/** The live fake; its fields are replaced in place by resetElectronMock. */
export const electron = makeElectron();

/** Puts every fake back to its initial state. Call in beforeEach. */
export function resetElectronMock(): void {
  Object.assign(electron, makeElectron());
  FakeBrowserWindow.all = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
}

// The module object handed to the code under test reads through `electron`, so a reset
// between tests is visible to modules that were imported once.
vi.mock('electron', () => {
  const live = <K extends keyof ReturnType<typeof makeElectron>>(key: K) =>
    new Proxy(
      {},
      {
        get: (_t, prop) => {
          const target = electron[key] as unknown as Record<PropertyKey, unknown>;
          const value = target[prop];
          return typeof value === 'function' ? (value as Listener).bind(target) : value;
        },
        set: (_t, prop, value) => {
          (electron[key] as unknown as Record<PropertyKey, unknown>)[prop] = value;
          return true;
        },
      },
    );
  return {
    app: live('app'),
    ipcMain: live('ipcMain'),
    ipcRenderer: live('ipcRenderer'),
    contextBridge: live('contextBridge'),
    protocol: live('protocol'),
    session: live('session'),
    shell: live('shell'),
    dialog: live('dialog'),
    Menu: live('Menu'),
    screen: live('screen'),
    nativeTheme: live('nativeTheme'),
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
  };
});
