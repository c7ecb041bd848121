/** Entry of /modeler, bundled by the server with esbuild. */
import './styles.css';
import { mountShell } from '../web/shell';
import { registerMessages, t } from '../web/i18n';
import { messages } from './messages';
import { ModelerApp } from './app';

registerMessages(messages);
const content = mountShell('modeler', t('modeler.title'));
void new ModelerApp(content).start();
