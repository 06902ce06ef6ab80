import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import './global.css';
import { initI18n } from './i18n';
import { savedLanguage } from './stores/settings';

const lang = savedLanguage();
initI18n(lang);
document.documentElement.lang = lang;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
