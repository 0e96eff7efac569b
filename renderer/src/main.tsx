/** Renderer entry: theme before first paint, then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { applyTheme, rememberedTheme } from './lib/theme';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/overlays-tables.css';
import './styles/pages.css';
import './styles/dashboard.css';

applyTheme(rememberedTheme());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
