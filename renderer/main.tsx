import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { shellApi } from './api.js';

const root = createRoot(document.getElementById('root')!);
root.render(<App api={shellApi()} />);
