%% The Erlang side of `deno task bench`: the same workloads as
%% bench/runtime.ts (spawn+exit, idle bytes, rings of 1,000 x 1,000 and
%% 10,000 x 100, ping-pong, gen_server:call), printed as "name ms" lines
%% (bytes for memory).
-module(servy_bench).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2]).

main() ->
    N = 100000,
    {SpawnUs, _} = timer:tc(fun() -> spawn_exit(N) end),
    io:format("spawn_exit ~p~n", [SpawnUs / 1000]),
    io:format("bytes_per_process ~p~n", [idle_bytes(N)]),
    {RingUs, _} = timer:tc(fun() -> ring(1000, 1000) end),
    io:format("ring ~p~n", [RingUs / 1000]),
    {Ring10kUs, _} = timer:tc(fun() -> ring(10000, 100) end),
    io:format("ring_10k ~p~n", [Ring10kUs / 1000]),
    {PingUs, _} = timer:tc(fun() -> ping_pong(1000000) end),
    io:format("ping_pong ~p~n", [PingUs / 1000]),
    {ok, S} = gen_server:start(?MODULE, ok, []),
    {CallUs, _} = timer:tc(fun() -> calls(S, 100000) end),
    io:format("gen_server_call ~p~n", [CallUs / 1000]),
    halt().

spawn_exit(N) ->
    Self = self(),
    Pids = [spawn(fun() -> ok end) || _ <- lists:seq(1, N)],
    Refs = [monitor(process, P) || P <- Pids],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    Self.

idle_bytes(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    After = erlang:memory(processes),
    [P ! stop || P <- Pids],
    (After - Before) div N.

ring(Size, Laps) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> ring_node(Next) end) end, Self, lists:seq(1, Size - 1)),
    First ! Laps * Size,
    ring_main(First).

ring_main(First) ->
    receive
        0 -> ok;
        K -> First ! K - 1, ring_main(First)
    end.

ring_node(Next) ->
    receive
        0 -> Next ! 0;
        K -> Next ! K - 1, ring_node(Next)
    end.

ping_pong(N) ->
    Pong = spawn(fun pong/0),
    ping(Pong, N),
    Pong ! stop.

ping(_, 0) -> ok;
ping(Pong, N) -> Pong ! {self(), ping}, receive pong -> ping(Pong, N - 1) end.

pong() -> receive {From, ping} -> From ! pong, pong(); stop -> ok end.

calls(_, 0) -> ok;
calls(S, N) -> gen_server:call(S, get), calls(S, N - 1).

init(ok) -> {ok, 0}.
handle_call(get, _From, St) -> {reply, St, St}.
handle_cast(_, St) -> {noreply, St}.
