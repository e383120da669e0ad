# SPDX-License-Identifier: GPL-2.0
#
# bash completion for hvctl(8).  'make install' puts it where
# bash-completion looks (share/bash-completion/completions/hvctl); to try
# it from a checkout: . hvctl/hvctl.bash
#
#   hvctl <TAB>                       the commands and global options
#   hvctl show|destroy|pause|resume|console|wait <TAB>
#                                     the domains, from 'hvctl list'
#   hvctl create NAME --<TAB>         create's options; --kernel and
#                                     --ramdisk take files, --memory sizes
#   hvctl regs|trace [--symbols FILE] <TAB>
#                                     the domains; --symbols takes a file
#   hvctl shutdown [OPTIONS] <TAB>    the domains; --<TAB> the options
#   hvctl sysrq NAME <TAB>            the SysRq keys Linux knows
#   hvctl store <TAB>                 ls read write rm watch
#   hvctl store OP /PA<TAB>           the xenstore paths, from 'hvctl
#                                     store ls' of the parent

# The names of the domains: the second column of 'hvctl list' under its
# header "ID NAME STATE MEMORY".  Runs the hvctl being completed.
_hvctl_domains()
{
	"$1" list 2>/dev/null | awk 'NR > 1 && NF >= 2 { print $2 }'
}

# The xenstore paths next to the one being typed: the children of its
# parent, from 'hvctl store ls' (which needs CAP_NET_ADMIN).
_hvctl_store_paths()
{
	local dir=${2%/*}

	"$1" store ls "${dir:-/}" 2>/dev/null | sed "s|^|$dir/|"
}

_hvctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]}
	local commands="create list ls show destroy pause resume console wait monitor regs trace store shutdown sysrq help"
	local cmd='' i w

	# The command is the first word that is not a global option.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case "$w" in
		-*) ;;
		*) cmd=$w; break ;;
		esac
	done

	COMPREPLY=()
	if [ -z "$cmd" ]; then
		case "$cur" in
		-*) mapfile -t COMPREPLY < <(compgen -W "-j --json -V --version -h --help" -- "$cur") ;;
		*) mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur") ;;
		esac
		return 0
	fi

	case "$cmd" in
	show|destroy|pause|resume|wait)
		# One domain, given right after the command.
		[ "$prev" = "$cmd" ] &&
			mapfile -t COMPREPLY < <(compgen -W "$(_hvctl_domains "$prog")" -- "$cur")
		;;
	console)
		case "$cur" in
		-*) mapfile -t COMPREPLY < <(compgen -W "--no-follow" -- "$cur") ;;
		*)
			[ "$prev" = console ] || [ "$prev" = --no-follow ] &&
				mapfile -t COMPREPLY < <(compgen -W "$(_hvctl_domains "$prog")" -- "$cur")
			;;
		esac
		;;
	regs|trace)
		case "$prev" in
		--symbols)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			;;
		*)
			case "$cur" in
			-*) mapfile -t COMPREPLY < <(compgen -W "--symbols" -- "$cur") ;;
			*)
				# The domain comes last: after the command or the map.
				[ "$prev" = "$cmd" ] || [ "${COMP_WORDS[COMP_CWORD - 2]}" = --symbols ] &&
					mapfile -t COMPREPLY < <(compgen -W "$(_hvctl_domains "$prog")" -- "$cur")
				;;
			esac
			;;
		esac
		;;
	shutdown)
		case "$cur" in
		-*) mapfile -t COMPREPLY < <(compgen -W "--reboot --halt --poweroff --wait --timeout" -- "$cur") ;;
		*)
			# --timeout takes seconds; anything else may precede the domain.
			[ "$prev" = --timeout ] ||
				mapfile -t COMPREPLY < <(compgen -W "$(_hvctl_domains "$prog")" -- "$cur")
			;;
		esac
		;;
	sysrq)
		if [ "$prev" = sysrq ]; then
			mapfile -t COMPREPLY < <(compgen -W "$(_hvctl_domains "$prog")" -- "$cur")
		elif [ "${COMP_WORDS[COMP_CWORD - 2]}" = sysrq ]; then
			# Linux's keys (drivers/tty/sysrq.c): h prints them all.
			mapfile -t COMPREPLY < <(compgen -W "h b c e f i j l m n p q s t u w z 0 1 2 3 4 5 6 7 8 9" -- "$cur")
		fi
		;;
	store)
		if [ "$prev" = store ]; then
			mapfile -t COMPREPLY < <(compgen -W "ls read write rm watch" -- "$cur")
		elif [ "${COMP_WORDS[COMP_CWORD - 2]}" = store ]; then
			mapfile -t COMPREPLY < <(compgen -W "$(_hvctl_store_paths "$prog" "$cur")" -- "$cur")
		fi
		;;
	create)
		case "$prev" in
		--kernel|--ramdisk|--disk)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			;;
		--memory)
			mapfile -t COMPREPLY < <(compgen -W "16M 64M 128M 256M 512M 1G" -- "$cur")
			;;
		--on-reboot)
			mapfile -t COMPREPLY < <(compgen -W "preserve destroy restart" -- "$cur")
			;;
		--cmdline|create)
			# A free string, and the new domain's name: nothing to offer.
			;;
		*)
			mapfile -t COMPREPLY < <(compgen -W "--memory --kernel --ramdisk --cmdline --paused --console --on-reboot --disk" -- "$cur")
			;;
		esac
		;;
	esac
	return 0
}
complete -F _hvctl hvctl
