//go:build linux || darwin || freebsd

package index

import "syscall"

// freeBytes returns the bytes free for unprivileged users on the file
// system of path, and whether it could tell.
func freeBytes(path string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
