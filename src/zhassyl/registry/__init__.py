"""The programme registry: the Fund's records in a real database.

Modules: :mod:`~zhassyl.registry.models` (schema), :mod:`~zhassyl.registry.db`
(engines, sessions, migrations), :mod:`~zhassyl.registry.policy` (roles, the
one place permissions are decided), :mod:`~zhassyl.registry.audit` (audit
log), :mod:`~zhassyl.registry.repositories` (functions later layers call),
:mod:`~zhassyl.registry.importexport`, :mod:`~zhassyl.registry.demo`,
:mod:`~zhassyl.registry.backup`.  See ``docs/registry.md``.
"""
