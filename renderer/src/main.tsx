/** Renderer entry: theme before first paint, then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { parseHash } from './lib/route';
import { applyTheme, rememberedTheme } from './lib/theme';
import { boot } from './store/live';
import { useProjectStore } from './store/project-store';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/overlays-tables.css';
import './styles/pages.css';
import './styles/dashboard.css';
import './styles/health.css';

applyTheme(rememberedTheme());

// Data first: the boot calls, and the profile of a directly opened project, leave before React's
// first render and its effects (the app's route effect then finds the project already selected).
void boot();
const first = parseHash(window.location.hash);
if (first.page === 'project') useProjectStore.getState().select(first.projectId);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
