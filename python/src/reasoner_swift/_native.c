/* _native.c — the reasoner_swift._native CPython module: method table, version, status → exception
 * mapping, and the numpy buffer helpers (no numpy headers: buffer protocol in, numpy.empty out).
 * Tested by python/tests (test_module.py, test_buffers.py). */
#include "_native.h"

#include <stdarg.h>
#include <string.h>

/* ---- errors ----------------------------------------------------------------------------------- */

static PyObject *error_class(const char *name) {
  PyObject *errors = PyImport_ImportModule("reasoner_swift._errors");
  if (!errors) return NULL;
  PyObject *cls = PyObject_GetAttrString(errors, name);
  Py_DECREF(errors);
  return cls;
}

PyObject *rsn_raise_status(int32_t code, const char *message) {
  PyObject *errors = PyImport_ImportModule("reasoner_swift._errors");
  if (!errors) return NULL;
  PyObject *cls = PyObject_CallMethod(errors, "error_class_for_status", "i", (int)code);
  Py_DECREF(errors);
  if (!cls) return NULL;
  PyErr_Format(cls, "%s (status %d)", message && *message ? message : "(no message)", (int)code);
  Py_DECREF(cls);
  return NULL;
}

PyObject *rsn_raise_named(const char *class_name, const char *format, ...) {
  PyObject *cls = error_class(class_name);
  if (!cls) return NULL;
  va_list args;
  va_start(args, format);
  PyObject *message = PyUnicode_FromFormatV(format, args);
  va_end(args);
  if (message) {
    PyErr_SetObject(cls, message);
    Py_DECREF(message);
  }
  Py_DECREF(cls);
  return NULL;
}

void rsn_copy_last_error(char *buf, size_t size) {
  const char *message = rs_last_error_message();
  snprintf(buf, size, "%s", message ? message : "");
}

/* ---- numpy without numpy headers -------------------------------------------------------------- */

static PyObject *numpy_empty = NULL; /* numpy.empty, imported on first use (GIL-guarded) */

PyObject *rsn_new_array(PyObject *shape, const char *dtype, Py_buffer *view) {
  if (!numpy_empty) {
    PyObject *numpy = PyImport_ImportModule("numpy");
    if (!numpy) return NULL;
    numpy_empty = PyObject_GetAttrString(numpy, "empty");
    Py_DECREF(numpy);
    if (!numpy_empty) return NULL;
  }
  PyObject *array = PyObject_CallFunction(numpy_empty, "Os", shape, dtype);
  if (!array) return NULL;
  if (PyObject_GetBuffer(array, view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0) {
    Py_DECREF(array);
    return NULL;
  }
  return array;
}

/* The dtype name of obj for messages ("float64", or the buffer format when there is no dtype). */
static PyObject *dtype_name(PyObject *obj, const char *format) {
  PyObject *dtype = PyObject_GetAttrString(obj, "dtype");
  if (dtype) {
    PyObject *name = PyObject_Str(dtype);
    Py_DECREF(dtype);
    if (name) return name;
  }
  PyErr_Clear();
  return PyUnicode_FromFormat("buffer format '%s'", format ? format : "B");
}

/* Whether a buffer format string names `kind`: 'f' float32, 'd' float64, 'i' int32, 'B' uint8/bool. */
static int format_matches(const char *f, Py_ssize_t itemsize, char kind) {
  if (*f == '<' || *f == '=' || *f == '@') f++;
  switch (kind) {
    case 'f': return itemsize == 4 && !strcmp(f, "f");
    case 'd': return itemsize == 8 && !strcmp(f, "d");
    case 'i': return itemsize == 4 && (!strcmp(f, "i") || (sizeof(long) == 4 && !strcmp(f, "l")));
    case 'B': return itemsize == 1 && (!strcmp(f, "B") || !strcmp(f, "?"));
    default: return 0;
  }
}

static const char *kind_name(char kind) {
  switch (kind) {
    case 'f': return "float32";
    case 'd': return "float64";
    case 'i': return "int32";
    case 'B': return "uint8 or bool";
    default: return "?";
  }
}

int rsn_get_buffer(PyObject *obj, const char *name, char kind, int ndim, int writable, Py_buffer *view) {
  if (!PyObject_CheckBuffer(obj)) {
    PyErr_Format(PyExc_TypeError, "argument '%s' must be a %s numpy array, got %.100s", name, kind_name(kind),
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  /* Check contiguity and writability first, so those failures get messages naming the argument. */
  Py_buffer probe;
  if (PyObject_GetBuffer(obj, &probe, PyBUF_STRIDES | PyBUF_FORMAT) < 0) return -1;
  int contiguous = PyBuffer_IsContiguous(&probe, 'C'), readonly = probe.readonly;
  PyBuffer_Release(&probe);
  if (!contiguous) {
    PyErr_Format(PyExc_ValueError,
                 "argument '%s' must be C-contiguous (got a strided view); pass "
                 "numpy.ascontiguousarray(%s) to copy it explicitly", name, name);
    return -1;
  }
  if (writable && readonly) {
    PyErr_Format(PyExc_ValueError, "argument '%s' must be writable (got a read-only array)", name);
    return -1;
  }
  int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
  if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
  const char *f = view->format ? view->format : "B";
  if (!format_matches(f, view->itemsize, kind)) {
    PyObject *got = dtype_name(obj, f);
    PyErr_Format(PyExc_TypeError, "argument '%s' must have dtype %s, got %U (no silent copy: "
                 "convert with .astype(numpy.%s))", name, kind_name(kind), got,
                 kind == 'B' ? "uint8" : kind_name(kind));
    Py_XDECREF(got);
    PyBuffer_Release(view);
    return -1;
  }
  if (ndim >= 0 && view->ndim != ndim) {
    PyErr_Format(PyExc_ValueError, "argument '%s' must be %d-D, got %d-D", name, ndim, view->ndim);
    PyBuffer_Release(view);
    return -1;
  }
  return 0;
}

int rsn_get_float32(PyObject *obj, const char *name, int ndim, int writable, Py_buffer *view) {
  return rsn_get_buffer(obj, name, 'f', ndim, writable, view);
}

/* ---- module functions ------------------------------------------------------------------------- */

/* Every Swift call runs with the GIL released, even trivial ones: the rule is then easy to audit. */
static PyObject *native_version(PyObject *self, PyObject *unused) {
  const char *version;
  Py_BEGIN_ALLOW_THREADS
  version = rs_version();
  Py_END_ALLOW_THREADS
  return PyUnicode_FromString(version);
}

static PyObject *native_abi_version(PyObject *self, PyObject *unused) {
  int32_t abi;
  Py_BEGIN_ALLOW_THREADS
  abi = rs_abi_version();
  Py_END_ALLOW_THREADS
  return PyLong_FromLong(abi);
}

/* Internal (tests, and later the numerical wrappers): borrow a float32 buffer, return its address. */
static PyObject *native_float32_address(PyObject *self, PyObject *args) {
  PyObject *obj;
  const char *name;
  int ndim = -1, writable = 0;
  if (!PyArg_ParseTuple(args, "Os|ip:_float32_address", &obj, &name, &ndim, &writable)) return NULL;
  Py_buffer view;
  if (rsn_get_float32(obj, name, ndim, writable, &view) < 0) return NULL;
  PyObject *address = PyLong_FromVoidPtr(view.buf);
  PyBuffer_Release(&view);
  return address;
}

static PyMethodDef native_methods[] = {
  {"version", native_version, METH_NOARGS, "version() -> str\n\nThe Swift library's version string."},
  {"abi_version", native_abi_version, METH_NOARGS,
   "abi_version() -> int\n\nRS_ABI_VERSION of the loaded libReasoner.so."},
  {"eval_reward", (PyCFunction)(void (*)(void))rsn_eval_reward, METH_VARARGS | METH_KEYWORDS,
   rsn_eval_reward_doc},
  RSN_MODEL_METHODS
  RSN_TEXT_METHODS
  {"_float32_address", native_float32_address, METH_VARARGS,
   "_float32_address(array, name, ndim=-1, writable=False) -> int\n\nInternal: the address of a "
   "float32 C-contiguous buffer borrowed without copying (the checks every numpy input goes through)."},
  {NULL, NULL, 0, NULL},
};

static struct PyModuleDef native_module = {
  PyModuleDef_HEAD_INIT, "reasoner_swift._native",
  "Low-level bindings of libReasoner.so; use the reasoner_swift package instead.", -1, native_methods,
  NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
  if (rs_abi_version() != RS_ABI_VERSION) {
    PyErr_Format(PyExc_ImportError,
                 "libReasoner.so implements ABI version %d but reasoner_swift was built for %d; "
                 "reinstall with `pip install ./python`", (int)rs_abi_version(), RS_ABI_VERSION);
    return NULL;
  }
  PyObject *module = PyModule_Create(&native_module);
  if (!module) return NULL;
  if (PyModule_AddIntConstant(module, "ABI_VERSION", RS_ABI_VERSION) < 0) {
    Py_DECREF(module);
    return NULL;
  }
  return module;
}
