import type { Change } from './plan.js';

/** One line for a change, as `plan` and apply's progress print it. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'create-realm-role':
      return `+ create realm role '${change.name}'`;
    case 'register-required-action':
      return `+ register required action '${change.alias}' (${change.enabled ? 'enabled' : 'disabled'}${
        change.priority === undefined ? '' : `, priority ${change.priority}`
      })`;
    case 'set-required-action':
      return `~ ${change.enabled ? 'enable' : 'disable'} required action '${change.alias}'${
        change.priority === undefined ? '' : ` (priority ${change.priority})`
      }`;
    case 'replace-flow': {
      const flow = change.binding === 'browser' ? 'browser flow' : 'direct grant flow';
      return change.liveAlias === change.desired.alias
        ? `~ rebuild ${flow} '${change.desired.alias}'`
        : `~ ${flow}: bind '${change.desired.alias}' instead of '${change.liveAlias}'`;
    }
    case 'delete-flow':
      return `- delete unused flow '${change.alias}'`;
    case 'set-realm-setting':
      return `~ set realm ${change.key} '${change.from}' → '${change.to}'`;
    case 'remove-client-flow-override':
      return `- remove client '${change.clientId}' ${change.binding === 'browser' ? 'browser' : 'direct grant'} flow override '${change.flowAlias}' (it bypasses Keyward)`;
    case 'set-attribute':
      return `~ set realm attribute '${change.key}'`;
    case 'declare-user-profile-attribute':
      return `${change.existed ? '~' : '+'} declare user-profile attribute '${change.attribute.name}' (view and edit: ${change.attribute.permissions.edit.join(', ')})`;
    case 'add-event-listeners':
      return `+ add event listener${change.listeners.length === 1 ? '' : 's'} ${change.listeners.map((listener) => `'${listener}'`).join(', ')} (the realm's own stay)`;
  }
}
