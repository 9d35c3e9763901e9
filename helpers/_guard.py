"""Read-only public names for the modules that test cells rely on.

Test cells run in the student's kernel, after the student's code. A module guarded
here keeps its public functions whatever an answer cell does:

* assigning to a guarded name (``helpers.checks.check_tensor = ...``) or deleting
  it raises ``AttributeError``;
* reading a guarded name (``from helpers.checks import check_tensor``) always
  returns the object the module defined, even after a write behind the module's
  back (``vars(helpers.checks)["check_tensor"] = ...``);
* the module's class cannot be swapped back (``module.__class__ = ...`` raises).

This is not a sandbox (GRADING.md says what is): code in the kernel can still
undo it with enough effort. It stops the easy tricks and makes the hard ones
deliberate. Private names (leading underscore) stay writable, so the module's own
self-checks can be tested by breaking them.
"""

from __future__ import annotations

import builtins
import sys
import types

_type = builtins.type
_dict = builtins.dict
_ModuleType = types.ModuleType
_module_getattribute = types.ModuleType.__getattribute__
_module_setattr = types.ModuleType.__setattr__
_module_delattr = types.ModuleType.__delattr__


def read_only(module_name: str, names) -> None:
    """Make ``names`` of the (already imported) module ``module_name`` read-only.

    Call it as the module's last statement, with every public name (``__all__``):
    the objects bound at that moment are the ones test cells will always get.
    """
    module = sys.modules[module_name]
    originals = _dict((name, _module_getattribute(module, name)) for name in names)
    message = "{}.{} is read-only: the tests rely on it"

    def __getattribute__(self, name):
        if name in originals:
            return originals[name]
        return _module_getattribute(self, name)

    def __setattr__(self, name, value):
        if name in originals or name == "__class__":
            raise AttributeError(message.format(module_name, name))
        _module_setattr(self, name, value)

    def __delattr__(self, name):
        if name in originals or name == "__class__":
            raise AttributeError(message.format(module_name, name))
        _module_delattr(self, name)

    guarded = _type(
        "ReadOnlyModule",
        (_ModuleType,),
        {
            "__doc__": f"The module type of ``{module_name}``: its public names are read-only.",
            "__module__": __name__,
            "__getattribute__": __getattribute__,
            "__setattr__": __setattr__,
            "__delattr__": __delattr__,
        },
    )
    module.__class__ = guarded
