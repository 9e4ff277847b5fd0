HOSTTESTS += uklibparam_parse
uklibparam_parse-srcs   := lib/uklibparam/tests/host/test_parse.c \
			   lib/uklibparam/parse.c
uklibparam_parse-cflags := -Ilib/uklibparam/include -D__LIBNAME__=ht
