/** The shared pages (sign-in, landing, 403, placeholder): one bundle, the server says which. */
import { appState } from '../env';
import { renderForbidden, renderPlaceholder } from './notices';
import { renderHome } from './home';
import { renderLogin } from './login';

const s = appState();
if (s.page === 'login') renderLogin();
else if (s.page === 'forbidden') renderForbidden(s.app ?? '');
else if (s.page === 'placeholder') renderPlaceholder(s.app ?? '');
else void renderHome();
