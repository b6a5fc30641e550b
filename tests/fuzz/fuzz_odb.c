/*
 * The object reader on hostile bytes: the input's first byte picks a
 * loose object or a pack, the rest is the file. A repository of one
 * ref is made once under $TMPDIR; each input is written as the object
 * HEAD names (loose), or as the pack whose index puts that object at
 * offset 12 and a second one (a delta's base by id) at the offset the
 * input's next two bytes say.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "odb.h"

#define HEAD_HEX "1111111111111111111111111111111111111111"
#define BASE_HEX "2222222222222222222222222222222222222222"
#define LOOSE "objects/11/11111111111111111111111111111111111111"
#define PACK "objects/pack/pack-" HEAD_HEX ".pack"
#define IDX "objects/pack/pack-" HEAD_HEX ".idx"

static char root[4096];

static void put(const char *name, const void *data, size_t n)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/.git/%s", root, name);
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, n, f) != n || fclose(f))
		abort();
}

static void remove_object(const char *name)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/.git/%s", root, name);
	unlink(path);
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void cleanup(void)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_odb: cannot remove %s\n", root);
}

static void setup(void)
{
	static char dir[3 * sizeof(root) + 128];	/* the library keeps it */
	static handoff_environment env = HANDOFF_ENVIRONMENT_INIT;
	const char *tmp = getenv("TMPDIR");

	snprintf(root, sizeof(root), "%s/fuzz-odb.%ld", tmp ? tmp : "/tmp", (long)getpid());
	snprintf(dir, sizeof(dir), "mkdir -p '%s/.git/objects/pack' '%s/.git/objects/11' "
		"'%s/.git/refs/heads'", root, root, root);
	if (system(dir) != 0)
		abort();
	atexit(cleanup);
	snprintf(dir, sizeof(dir), "%s/.git", root);
	/* not chdir: the replayer reads its files from here */
	env.git_dir = dir;
	handoff_set_environment(&env);
	put("HEAD", "ref: refs/heads/main\n", 21);
	put("refs/heads/main", HEAD_HEX "\n", 41);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char head[32], id[32], *obj = NULL, *buf;
	struct odb *db = NULL;
	enum odb_type type;
	size_t hs, len, i;

	if (!*root)
		setup();
	if (size < 3)
		return 0;
	remove_object(LOOSE);
	remove_object(PACK);
	if (data[0] & 1) {
		/* "PACK", version 2, two objects; the index: fanout, ids, CRCs, offsets */
		size_t isize = 8 + 1024 + 2 * (20 + 8) + 40;

		if (!(buf = calloc(1, size + 12 > isize ? size + 12 : isize)))
			return 0;
		memcpy(buf, "PACK\0\0\0\2\0\0\0\2", 12);
		memcpy(buf + 12, data + 3, size - 3);
		put(PACK, buf, size + 9);
		memset(buf, 0, isize);
		memcpy(buf, "\377tOc\0\0\0\2", 8);
		for (i = 0; i < 256; i++)
			be32(buf + 8 + 4 * i, (uint32_t)((i >= 0x11) + (i >= 0x22)));
		memset(buf + 8 + 1024, 0x11, 20);
		memset(buf + 8 + 1024 + 20, 0x22, 20);
		be32(buf + 8 + 1024 + 40 + 8, 12);
		be32(buf + 8 + 1024 + 40 + 12, (uint32_t)(12 + (data[1] << 8 | data[2])));
		put(IDX, buf, isize);
		free(buf);
	} else {
		put(LOOSE, data + 1, size - 1);
	}
	if (odb_open(&db, head, &hs) == 0) {
		if (odb_read(db, head, 1024 * 1024, &type, &obj, &len) == 0)
			free(obj);
		odb_from_hex(id, BASE_HEX, hs);
		if (odb_read(db, id, 64, &type, &obj, &len) == 0)
			free(obj);
		memcpy(id, head, hs);
		odb_commit_tree(db, id);
		odb_free(db);
	}
	return 0;
}
